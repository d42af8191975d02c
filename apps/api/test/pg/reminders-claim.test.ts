import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/db/client.js';
import { reminders } from '../../src/db/schema/index.js';
import { claimDue } from '../../src/modules/reminders/reminders.repository.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';

/** The claim itself, held open: what a second replica's worker sees while the first is mid-claim. */
let ctx: TestContext;
let other: Database;
beforeAll(async () => {
  ctx = await createTestApp();
  other = openPostgres({ url: ctx.database.url!, poolMax: 2 });
});
afterAll(async () => {
  await other.close();
  await ctx.close();
});

it('a second worker skips the rows the first is claiming, waits for none, and finds none of them afterwards', async () => {
  const doctor = await createPractitioner(ctx);
  const ids: string[] = [];
  for (let day = 1; day <= 3; day++) {
    const patient = await createPatient(ctx, { contactConsent: { email: true, sms: true } });
    const booked = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(day, 9),
    });
    ids.push(booked.id);
  }
  const ours = inArray(reminders.appointmentId, ids);
  expect(await ctx.database.db.select().from(reminders).where(ours)).toHaveLength(12);
  const now = new Date(Date.UTC(2030, 0, 10));

  const claimedFirst = await ctx.database.db.transaction(async (tx) => {
    const mine = await claimDue(tx, now, 60_000, 5);
    expect(mine).toHaveLength(5);
    // Meanwhile, on another connection: the five locked rows are skipped, the rest claimed, nothing waits.
    const theirs = await other.db.transaction((tx2) => claimDue(tx2, now, 60_000, 100));
    expect(theirs).toHaveLength(7);
    expect(theirs.filter((r) => mine.some((m) => m.id === r.id))).toEqual([]);
    return mine;
  });
  expect(claimedFirst.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
  // All twelve are claimed once each; within the lease nobody claims them again.
  expect(await claimDue(other.db, now, 60_000, 100)).toEqual([]);
  const rows = await ctx.database.db.select().from(reminders).where(ours);
  expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['sending', 1]));
  // After the lease, an unfinished claim is taken over (attempt 2).
  const later = new Date(now.getTime() + 61_000);
  const retaken = await claimDue(other.db, later, 60_000, 100);
  expect(retaken.filter((r) => ids.includes(r.appointmentId))).toHaveLength(12);
  const [one] = await ctx.database.db.select().from(reminders).where(eq(reminders.id, claimedFirst[0]!.id));
  expect(one!.attempts).toBe(2);
});
