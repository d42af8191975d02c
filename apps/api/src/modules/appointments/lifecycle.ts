import type { Executor } from '../../db/client.js';
import type { AppointmentRow } from '../../db/schema/index.js';

/**
 * The one place the appointment service tells others that a booking came to be, moved or ended —
 * per occurrence, inside the transaction that made the change (so, e.g., reminders are scheduled,
 * moved or cancelled exactly when the appointment is). Reminders hook in here:
 * `{ onBooked: reminders.onBooked, onMoved: reminders.onMoved, onCancelled: reminders.onCancelled }`.
 */
export type AppointmentHooks = {
  /** Booked (a new appointment, an occurrence of a new series, or a cancellation undone). */
  onBooked?: (tx: Executor, appointment: AppointmentRow) => Promise<void>;
  /** Its time or practitioner changed. */
  onMoved?: (tx: Executor, appointment: AppointmentRow, before: AppointmentRow) => Promise<void>;
  /** Cancelled, over (completed, no-show) or deleted: no longer coming up. */
  onCancelled?: (tx: Executor, appointment: AppointmentRow) => Promise<void>;
};

export function lifecycle(hooks: AppointmentHooks) {
  return {
    /** Whether anything listens to new bookings (then the one-statement hot path is not enough). */
    watchesBookings: Boolean(hooks.onBooked),
    async booked(tx: Executor, rows: AppointmentRow[]) {
      if (hooks.onBooked) for (const row of rows) await hooks.onBooked(tx, row);
    },
    async changed(tx: Executor, before: AppointmentRow, after: AppointmentRow) {
      const active = (r: AppointmentRow) => r.status === 'booked' || r.status === 'arrived';
      if (active(before) && !active(after)) {
        // Cancelled, or over (completed, no-show): nothing more is owed to it (reminders stop).
        await hooks.onCancelled?.(tx, after);
      } else if (!active(before) && active(after)) {
        await hooks.onBooked?.(tx, after);
      } else if (
        before.start.getTime() !== after.start.getTime() ||
        before.practitionerId !== after.practitionerId
      ) {
        await hooks.onMoved?.(tx, after, before);
      }
    },
    async removed(tx: Executor, row: AppointmentRow) {
      await hooks.onCancelled?.(tx, row);
    },
  };
}
export type Lifecycle = ReturnType<typeof lifecycle>;
