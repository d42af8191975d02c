import type { ReminderChannel } from '@medicare/contracts';
import type { Executor } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import type { NewReminderRow } from '../../db/schema/index.js';
import * as repo from './reminders.repository.js';

/** The channels a patient may be reminded over: consented to, and with an address to send to. */
export function consentedChannels(contact: Pick<repo.AppointmentContact, 'consent' | 'email' | 'phone'>) {
  const channels: ReminderChannel[] = [];
  if (contact.consent?.email && contact.email) channels.push('email');
  if (contact.consent?.sms && contact.phone) channels.push('sms');
  return channels;
}

export type ReminderScheduler = {
  /**
   * Brings an appointment's reminders in line with it, in the caller's transaction: booked → one per
   * consented channel and offset before its start (already due: skipped); moved → the unsent ones
   * replaced; cancelled, finished or deleted → the waiting ones cancelled. Safe to call any number of times.
   */
  sync(tx: Executor, appointmentId: string): Promise<void>;
};

export function createReminderScheduler(options: { offsetsMinutes: readonly number[]; clock: Clock }) {
  const { offsetsMinutes, clock } = options;
  return {
    async sync(tx: Executor, appointmentId: string): Promise<void> {
      const appt = await repo.findAppointmentContact(tx, appointmentId);
      if (!appt) return;
      if (appt.status !== 'booked' || appt.deletedAt || appt.patientDeletedAt) {
        await repo.cancelScheduled(tx, appointmentId);
        return;
      }
      const now = clock();
      const existing = await repo.remindersOf(tx, appointmentId);
      const wanted = consentedChannels(appt).flatMap((channel) =>
        offsetsMinutes.map((offsetMinutes) => ({
          channel,
          offsetMinutes,
          dueAt: new Date(appt.start.getTime() - offsetMinutes * 60_000),
        })),
      );
      const sameAs = (w: (typeof wanted)[number]) => (r: (typeof existing)[number]) =>
        r.channel === w.channel &&
        r.offsetMinutes === w.offsetMinutes &&
        r.dueAt.getTime() === w.dueAt.getTime() &&
        r.status !== 'cancelled';
      const stale = existing.filter(
        (r) => (r.status === 'scheduled' || r.status === 'skipped') && !wanted.some((w) => sameAs(w)(r)),
      );
      const missing = wanted.filter((w) => !existing.some(sameAs(w)));
      await repo.deleteUnsent(
        tx,
        stale.map((r) => r.id),
      );
      await repo.insertReminders(
        tx,
        missing.map((w): NewReminderRow => ({
          appointmentId,
          channel: w.channel,
          offsetMinutes: w.offsetMinutes,
          dueAt: w.dueAt,
          nextAttemptAt: w.dueAt,
          status: w.dueAt <= now ? 'skipped' : 'scheduled',
          lastError: w.dueAt <= now ? 'DUE_BEFORE_BOOKING' : null,
        })),
      );
    },
  } satisfies ReminderScheduler;
}
