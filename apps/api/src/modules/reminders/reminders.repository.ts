import { and, asc, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  appointments,
  patients,
  practitioners,
  reminderOutbox,
  reminders,
  type NewReminderRow,
  type ReminderRow,
} from '../../db/schema/index.js';

/** What deciding a reminder needs of its appointment and patient (contact and consent, no clinical data). */
export async function findAppointmentContact(ex: Executor, appointmentId: string) {
  const [row] = await ex
    .select({
      id: appointments.id,
      patientId: appointments.patientId,
      start: appointments.start,
      status: appointments.status,
      deletedAt: appointments.deletedAt,
      email: patients.email,
      phone: patients.phone,
      consent: patients.contactConsent,
      language: patients.preferredLanguage,
      patientDeletedAt: patients.deletedAt,
      practitionerName: sql<string>`${practitioners.givenName} || ' ' || ${practitioners.familyName}`,
      timeZone: practitioners.timeZone,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .innerJoin(practitioners, eq(practitioners.id, appointments.practitionerId))
    .where(eq(appointments.id, appointmentId));
  return row;
}
export type AppointmentContact = NonNullable<Awaited<ReturnType<typeof findAppointmentContact>>>;

export async function findLiveAppointment(ex: Executor, id: string) {
  const [row] = await ex
    .select({ id: appointments.id, patientId: appointments.patientId })
    .from(appointments)
    .where(and(eq(appointments.id, id), isNull(appointments.deletedAt)));
  return row;
}

export async function remindersOf(ex: Executor, appointmentId: string): Promise<ReminderRow[]> {
  return ex
    .select()
    .from(reminders)
    .where(eq(reminders.appointmentId, appointmentId))
    .orderBy(asc(reminders.dueAt), asc(reminders.channel), asc(reminders.createdAt));
}

export async function insertReminders(ex: Executor, rows: NewReminderRow[]): Promise<void> {
  if (rows.length > 0) await ex.insert(reminders).values(rows);
}

/** Drops reminders that never did anything (scheduled or skipped): a moved appointment gets new ones. */
export async function deleteUnsent(ex: Executor, ids: string[]): Promise<void> {
  if (ids.length > 0)
    await ex
      .delete(reminders)
      .where(and(inArray(reminders.id, ids), inArray(reminders.status, ['scheduled', 'skipped'])));
}

/** The appointment is no longer booked: what waits is cancelled (kept, so the panel can say so). */
export async function cancelScheduled(ex: Executor, appointmentId: string): Promise<void> {
  await ex
    .update(reminders)
    .set({ status: 'cancelled', updatedAt: sql`now()` })
    .where(and(eq(reminders.appointmentId, appointmentId), eq(reminders.status, 'scheduled')));
}

/**
 * Claims up to `limit` due reminders for one worker: scheduled ones whose time has come, and ones a
 * worker claimed but never finished (its lease ran out). Rows another worker is claiming right now are
 * skipped, not waited for (SKIP LOCKED); a row claimed and committed meanwhile no longer matches when
 * re-checked. Each claim counts an attempt: the count is the claim's fencing token.
 */
export async function claimDue(
  ex: Executor,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<ReminderRow[]> {
  const due = ex
    .select({ id: reminders.id })
    .from(reminders)
    .where(
      or(
        and(eq(reminders.status, 'scheduled'), lte(reminders.nextAttemptAt, now)),
        and(eq(reminders.status, 'sending'), lt(reminders.lockedUntil, now)),
      ),
    )
    .orderBy(asc(reminders.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return ex
    .update(reminders)
    .set({
      status: 'sending',
      attempts: sql`${reminders.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + leaseMs),
      updatedAt: sql`now()`,
    })
    .where(inArray(reminders.id, due))
    .returning();
}

/** Ends a claim, only if it is still this claim's (same attempt, still sending). */
export async function finishClaim(
  ex: Executor,
  claim: Pick<ReminderRow, 'id' | 'attempts'>,
  set: Partial<Pick<ReminderRow, 'status' | 'providerMessageId' | 'lastError' | 'sentAt' | 'nextAttemptAt'>>,
): Promise<boolean> {
  const rows = await ex
    .update(reminders)
    .set({ ...set, lockedUntil: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(reminders.id, claim.id),
        eq(reminders.status, 'sending'),
        eq(reminders.attempts, claim.attempts),
      ),
    )
    .returning({ id: reminders.id });
  return rows.length > 0;
}

/** The outbox, newest first, keyset-paged on (created_at, id). */
export async function listOutbox(ex: Executor, limit: number, before?: { at: string; id: string }) {
  return ex
    .select()
    .from(reminderOutbox)
    .where(
      before
        ? sql`(${reminderOutbox.createdAt}, ${reminderOutbox.id}) < (${before.at}::timestamptz, ${before.id}::uuid)`
        : undefined,
    )
    .orderBy(desc(reminderOutbox.createdAt), desc(reminderOutbox.id))
    .limit(limit + 1);
}
