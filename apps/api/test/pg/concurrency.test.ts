import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient, createPractitioner, slot } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

it('50 simultaneous bookings of one slot: exactly one 201, 49 × 409, one appointment stored', async () => {
  const doctor = await createPractitioner(ctx);
  const patients = await Promise.all(Array.from({ length: 50 }, () => createPatient(ctx)));
  const responses = await Promise.all(
    patients.map((p) =>
      ctx.inject({
        method: 'POST',
        url: '/api/appointments',
        payload: { patientId: p.id, practitionerId: doctor.id, ...slot(40, 9) },
      }),
    ),
  );
  const statuses = responses.map((r) => r.statusCode);
  const others = responses.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => r.body);
  expect(others, 'answers other than 201 and 409').toEqual([]);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  const winner = responses.find((r) => r.statusCode === 201)!.json<{ id: string }>();
  for (const loser of responses.filter((r) => r.statusCode === 409)) {
    expect(loser.json()).toMatchObject({
      code: 'APPOINTMENT_CONFLICT',
      details: { conflictingAppointmentId: winner.id },
    });
  }
  const rows = await ctx.database.db.execute(
    `select count(*)::int as n from appointments where practitioner_id = '${doctor.id}'` as never,
  );
  expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
});
