import Type from 'typebox';
import { Page, PageQuery, Uuid } from './common.js';

/** How a reminder reaches the patient: only over channels the patient consented to. */
export const REMINDER_CHANNELS = ['email', 'sms'] as const;
export const ReminderChannel = Type.Enum(REMINDER_CHANNELS);
export type ReminderChannel = Type.Static<typeof ReminderChannel>;

/**
 * scheduled: waiting for its time (or for a retry) · sending: claimed by a worker · sent · failed: gave
 * up after the last attempt · cancelled: the appointment was cancelled, moved or deleted · skipped: never
 * sent on purpose (already due at booking, or consent or contact withdrawn before it was due).
 */
export const REMINDER_STATUSES = ['scheduled', 'sending', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export const ReminderStatus = Type.Enum(REMINDER_STATUSES);
export type ReminderStatus = Type.Static<typeof ReminderStatus>;

const Utc = Type.String({ format: 'date-time' });

/** One reminder of an appointment, as the appointment panel shows it. */
export const Reminder = Type.Object(
  { channel: ReminderChannel, dueAt: Utc, status: ReminderStatus },
  { $id: 'Reminder', additionalProperties: false },
);
export type Reminder = Type.Static<typeof Reminder>;

/** GET /api/appointments/:id/reminders: every reminder of the appointment, in due order. */
export const ReminderList = Type.Object({ items: Type.Array(Reminder) }, { additionalProperties: false });
export type ReminderList = Type.Static<typeof ReminderList>;

/** A message the embedded mode keeps instead of sending (no SMTP or SMS provider configured). */
export const OutboxMessage = Type.Object(
  {
    id: Uuid,
    appointmentId: Uuid,
    channel: ReminderChannel,
    recipient: Type.String(),
    subject: Type.Union([Type.String(), Type.Null()]),
    body: Type.String(),
    createdAt: Utc,
  },
  { $id: 'OutboxMessage', additionalProperties: false },
);
export type OutboxMessage = Type.Static<typeof OutboxMessage>;

export const OutboxQuery = Type.Object(PageQuery, { additionalProperties: false });
export type OutboxQuery = Type.Static<typeof OutboxQuery>;
export const OutboxPage = Page(OutboxMessage);
export type OutboxPage = Type.Static<typeof OutboxPage>;
