// The slot query (issue 17): GET /api/slots' work for one practitioner over 4 weeks, with 5,000
// appointments on their calendar (a year back and the 4 weeks ahead about half full), on a real
// PostgreSQL, through the slots service in process. Goal: p95 ≤ 30 ms. Run by `npm run bench`
// (BENCH_ONLY=slots for this case alone) or on its own: `tsx --conditions=@medicare/source bench/slots.ts`.
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { RequestContext } from '../src/auth/principal.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { heldIntervals } from '../src/modules/appointments/index.js';
import { createSlotsService } from '../src/modules/scheduling/slots.service.js';
import { adminQuery, withDatabase } from '../test/support/postgres-server.js';
import { seedStatements } from './seed.js';

const APPOINTMENTS = 5_000;
const DAY = 86_400_000;

export async function slotQueryTimes(
  serverUrl: string,
): Promise<{ p50: number; p95: number; slots: number }> {
  const name = `medicare_bench_slots_${process.pid}`;
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(serverUrl, `create database ${name}`);
  const database = openPostgres({ url: withDatabase(serverUrl, name), poolMax: 4 });
  try {
    await migrate(database);
    // 500 patients (and the seed's practitioners) from the bench seed, unchanged.
    for (const statement of seedStatements(500)) await database.db.execute(sql.raw(statement));
    const ids = (r: unknown) => (r as { rows: { id: string }[] }).rows.map((x) => x.id);
    const [doctor] = ids(
      await database.db.execute(sql`
        insert into practitioners (given_name, family_name, time_zone, availability)
        values ('Bench', 'Slots', 'America/New_York', ${JSON.stringify({
          weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' })),
          exceptions: [],
        })}::jsonb) returning id`),
    );
    const [type] = ids(
      await database.db.execute(sql`
        insert into appointment_types (name, duration_minutes, buffer_minutes, practitioner_ids)
        values ('Consultation', 30, 10, array[${doctor}]::uuid[]) returning id`),
    );
    const patients = ids(await database.db.execute(sql`select id from patients order by id`));
    // 30 minutes (and the 10-minute buffer) at 08:00, 10:00, 12:00, 14:00 and 16:00 New York (EST) of
    // every weekday: 5,000 appointments reach about four years back from the end of the 4 weeks measured,
    // which are as full as every other day (about half).
    const start = Date.UTC(2031, 0, 6); // a Monday
    const rows: string[] = [];
    for (let day = -1000; rows.length < APPOINTMENTS; day++) {
      const date = new Date(start + day * DAY);
      if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
      for (let k = 0; k < 5 && rows.length < APPOINTMENTS; k++) {
        const at = new Date(start + day * DAY + (13 + 2 * k) * 3_600_000);
        const end = new Date(at.getTime() + 30 * 60_000);
        const held = new Date(end.getTime() + 10 * 60_000);
        rows.push(
          `('${patients[rows.length % patients.length]}', '${doctor}', '${at.toISOString()}', '${end.toISOString()}', '${held.toISOString()}', '${type}')`,
        );
      }
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await database.db.execute(
        sql.raw(`insert into appointments (patient_id, practitioner_id, start_at, end_at, buffer_end_at, appointment_type_id)
                 values ${rows.slice(i, i + 1000).join(', ')}`),
      );
    }
    await database.db.execute(sql`vacuum analyze`);

    const ctx: RequestContext = {
      principal: {
        userId: '00000000-0000-4000-8000-000000000000',
        role: 'admin',
        patientId: null,
        sessionId: 'bench',
      },
      requestId: 'bench',
      ip: '127.0.0.1',
      userAgent: 'bench',
    };
    const lastDay = start + (Math.ceil(((rows.length / 8) * 7) / 5) - 330) * DAY;
    const from = new Date(lastDay - 28 * DAY);
    const service = createSlotsService(database, heldIntervals, () => new Date(from.getTime() - DAY));
    const query = {
      appointmentTypeId: type!,
      practitionerId: doctor!,
      from: from.toISOString(),
      to: new Date(from.getTime() + 28 * DAY).toISOString(),
      limit: 1000,
    };
    const times: number[] = [];
    let slots = 0;
    for (let i = 0; i < 120; i++) {
      const t0 = performance.now();
      slots = (await service.find(ctx, query)).items.length;
      if (i >= 20) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)]!, p95: times[Math.floor(times.length * 0.95)]!, slots };
  } finally {
    await database.close();
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url =
    process.env.BENCH_DATABASE_URL ??
    process.env.TEST_DATABASE_URL ??
    'postgres://root@127.0.0.1:5432/postgres';
  const r = await slotQueryTimes(url);
  console.log(
    '| slot query, 1 practitioner, 4 weeks, 5,000 appointments | p50 | p95 | slots |\n|---|---:|---:|---:|',
  );
  console.log(
    `| \`GET /api/slots\` (service, PostgreSQL) | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.slots} |`,
  );
}
