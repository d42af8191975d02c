import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SeriesCreated } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient, createPractitioner } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

/** Pairs of active appointments of one practitioner that overlap (buffers included): must be none. */
async function overlaps(practitionerId: string): Promise<number> {
  const result = await ctx.database.db.execute(
    `select count(*)::int as n from appointments a join appointments b on a.id < b.id
      where a.practitioner_id = '${practitionerId}' and b.practitioner_id = a.practitioner_id
        and a.status in ('booked', 'arrived') and b.status in ('booked', 'arrived')
        and a.deleted_at is null and b.deleted_at is null
        and tstzrange(a.start_at, coalesce(a.buffer_end_at, a.end_at)) && tstzrange(b.start_at, coalesce(b.buffer_end_at, b.end_at))` as never,
  );
  return (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

const series = (patientId: string, practitionerId: string, start: string, onConflict?: 'skip') =>
  ctx.inject({
    method: 'POST',
    url: '/api/appointments',
    payload: {
      patientId,
      practitionerId,
      start,
      end: start.replace('T09:00', 'T09:30'),
      recurrence: { rrule: 'FREQ=WEEKLY;COUNT=6', ...(onConflict ? { onConflict } : {}) },
    },
  });

it('two series racing for the same slots: one is booked whole, the other refused whole, ten times over', async () => {
  for (let round = 0; round < 10; round++) {
    const doctor = await createPractitioner(ctx);
    const [a, b] = await Promise.all([createPatient(ctx), createPatient(ctx)]);
    // B starts two weeks after A: their last four occurrences want the same times.
    const [ra, rb] = await Promise.all([
      series(a.id, doctor.id, '2031-01-06T09:00:00Z'),
      series(b.id, doctor.id, '2031-01-20T09:00:00Z'),
    ]);
    const statuses = [ra.statusCode, rb.statusCode].sort();
    expect(statuses, `${ra.body} ${rb.body}`).toEqual([201, 409]);
    const loser = ra.statusCode === 409 ? ra : rb;
    const winner = (ra.statusCode === 201 ? ra : rb).json<SeriesCreated>();
    const conflicts = loser.json<{ details: { conflicts: { conflictingAppointmentId: string }[] } }>().details
      .conflicts;
    // Every clash named, each by an occurrence of the winning series.
    expect(conflicts).toHaveLength(4);
    const winnerIds = new Set(winner.items.map((i) => i.id));
    for (const c of conflicts) expect(winnerIds.has(c.conflictingAppointmentId)).toBe(true);
    expect(await overlaps(doctor.id)).toBe(0);
  }
});

it('two series racing with onConflict skip: every contested occurrence goes to exactly one of them', async () => {
  for (let round = 0; round < 5; round++) {
    const doctor = await createPractitioner(ctx);
    const [a, b] = await Promise.all([createPatient(ctx), createPatient(ctx)]);
    const [ra, rb] = await Promise.all([
      series(a.id, doctor.id, '2031-01-07T09:00:00Z', 'skip'),
      series(b.id, doctor.id, '2031-01-21T09:00:00Z', 'skip'),
    ]);
    expect([ra.statusCode, rb.statusCode], `${ra.body} ${rb.body}`).toEqual([201, 201]);
    const booked = ra.json<SeriesCreated>().items.length + rb.json<SeriesCreated>().items.length;
    const skipped = ra.json<SeriesCreated>().skipped.length + rb.json<SeriesCreated>().skipped.length;
    // 12 asked for, 4 contested: 8 distinct times, each booked once.
    expect(booked).toBe(8);
    expect(skipped).toBe(4);
    expect(await overlaps(doctor.id)).toBe(0);
  }
});
