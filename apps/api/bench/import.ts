// `npm run bench:import [-- --patients 100000 --appointments 500000]`: generates a messy legacy SQLite clinic,
// imports it into a fresh PostgreSQL database with the engine of `npm run import -- sqlite`, prints the figure
// (docs/performance.md records it). PostgreSQL from BENCH_DATABASE_URL, else postgres://root@127.0.0.1:5432/postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeLegacyDb, type LegacyRows } from '../scripts/import/legacy-db.js';
import { openPostgres } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { users } from '../src/db/schema/index.js';
import { importSqlite } from '../src/modules/imports/index.js';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    appointments: { type: 'string', default: '500000' },
    doctors: { type: 'string', default: '60' },
  },
});
const PATIENTS = Number(values.patients);
const APPOINTMENTS = Number(values.appointments);
const DOCTORS = Number(values.doctors);
const TZ = 'America/New_York';

/** A deterministic generator, so two runs measure the same file. */
let seed = 20_261_129;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const GIVEN =
  'Ann Bob Cara Dan Eve Femi Gus Hana Ivan Jo Kemal Lena Mia Noor Olga Pablo Qing Rosa Sam Tariq Uma Vera Wen Ximena Yusuf Zoe Aiko Bram Chidi Dara'.split(
    ' ',
  );
const FAMILY =
  'Lee Stone Diaz Fox Adams Okafor Novak Haddad Kowalski Nguyen Smith Garcia Müller Rossi Silva Kim Patel Cohen Ivanova Larsen Dubois Tanaka Mensah Walsh Horvat Yilmaz Reyes Berg Moreau Costa'.split(
    ' ',
  );
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** One date in one of the four formats legacy data holds; 1 in 200 is not a date at all. */
function messyDate(y: number, m: number, d: number): string {
  if (random() < 0.005) return 'unknown';
  return pick([
    () => `${y}-${pad(m)}-${pad(d)}`,
    () => `${pad(m)}/${pad(d)}/${y}`,
    () => `${pad(d)}.${pad(m)}.${y}`,
    () => `${MONTHS[m - 1]} ${d} ${y}`,
  ])();
}

function* rows(): Generator<[keyof LegacyRows, (string | number | null)[]]> {
  for (let i = 1; i <= DOCTORS; i++)
    yield ['doctors', [i, `Dr ${pick(GIVEN)} ${pick(FAMILY)}`, 'General practice']];
  for (let i = 1; i <= PATIENTS; i++) {
    const y = 1930 + Math.floor(random() * 90);
    const m = 1 + Math.floor(random() * 12);
    const d = 1 + Math.floor(random() * 28);
    const full = random() < 0.1;
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    yield [
      'patients',
      [
        i,
        full ? `${given} ${family}` : given,
        full ? '' : family,
        messyDate(y, m, d),
        pick(['M', 'F', 'male', 'female', '0', '1', '', 'f']),
        random() < 0.5
          ? `555-${pad(i % 100)}${pad((i >> 7) % 100)}-${String(i % 10_000).padStart(4, '0')}`
          : null,
        random() < 0.3 ? `patient${i}@example.org` : null,
        null,
        null,
      ],
    ];
  }
  // Each doctor's day: 16 half-hour slots from 08:00, one after another; 1 in 100 overlaps the one before,
  // 1 in 200 names a patient that does not exist.
  const perDoctor = Math.ceil(APPOINTMENTS / DOCTORS);
  let id = 0;
  for (let doctor = 1; doctor <= DOCTORS && id < APPOINTMENTS; doctor++) {
    for (let k = 0; k < perDoctor && id < APPOINTMENTS; k++) {
      const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(k / 16) * 86_400_000);
      const slot = k % 16;
      const minutes = 8 * 60 + slot * 30 - (random() < 0.01 ? 15 : 0);
      const patient = random() < 0.005 ? PATIENTS + 1 + id : 1 + Math.floor(random() * PATIENTS);
      yield [
        'appointments',
        [
          ++id,
          patient,
          doctor,
          messyDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()),
          random() < 0.5
            ? `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`
            : `${((Math.floor(minutes / 60) + 11) % 12) + 1}:${pad(minutes % 60)} ${minutes >= 720 ? 'PM' : 'AM'}`,
          30,
          pick(['scheduled', 'completed', 'Completed', 'cancelled', 'no-show', 'booked']),
          null,
        ],
      ];
    }
  }
}

const dir = mkdtempSync(join(tmpdir(), 'medicare-import-bench-'));
const file = join(dir, 'legacy.db');
const say = (text: string) => process.stdout.write(`bench:import: ${text}\n`);
let started = performance.now();
writeLegacyDb(file, rows());
say(
  `generated ${PATIENTS} patients, ${APPOINTMENTS} appointments, ${DOCTORS} doctors in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const name = `medicare_import_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const database = openPostgres({ url: url.toString(), poolMax: 4, statementTimeoutMs: 120_000 });
try {
  await migrate(database);
  await database.db
    .insert(users)
    .values({ email: 'bench.admin@clinic.test', name: 'Bench', role: 'admin', passwordHash: 'x' });
  started = performance.now();
  const stages = new Map<string, number>();
  let mark = performance.now();
  const report = await importSqlite(database, {
    file,
    timeZone: TZ,
    overlap: 'cancel',
    dryRun: false,
    batchSize: 2000,
    lanes: 2,
    onProgress: (table, done, total) => {
      if (done === total) {
        stages.set(table, (performance.now() - mark) / 1000);
        mark = performance.now();
      }
    },
  });
  say(`by table (s): ${[...stages].map(([t, s]) => `${t} ${s.toFixed(1)}`).join(', ')}`);
  const seconds = (performance.now() - started) / 1000;
  for (const [table, c] of Object.entries(report.tables)) {
    say(
      `${table.padEnd(13)} read ${c.read}, imported ${c.imported}, skipped ${c.skipped}, rejected ${c.rejected}`,
    );
  }
  say(
    `imported into PostgreSQL in ${seconds.toFixed(1)} s (${Math.round((PATIENTS + APPOINTMENTS) / seconds)} rows/s)`,
  );
  started = performance.now();
  const again = await importSqlite(database, {
    file,
    timeZone: TZ,
    overlap: 'cancel',
    dryRun: false,
    batchSize: 2000,
    lanes: 2,
  });
  say(
    `second run (nothing to do: ${again.tables.patients?.skipped} patients unchanged) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
} finally {
  await database.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
