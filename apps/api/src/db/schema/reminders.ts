import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { REMINDER_CHANNELS, REMINDER_STATUSES } from '@medicare/contracts';
import { isOneOf } from './checks.js';
import { appointments } from './appointments.js';

/**
 * One row per reminder of an appointment: the source of truth of its delivery (status, attempts, the
 * provider's message id). The worker claims due rows (scheduled → sending, FOR UPDATE SKIP LOCKED) before
 * it sends, so two workers never send one twice (docs/decisions/110-reminders-table-is-the-queue.md).
 * `last_error` holds a provider's error code or class, never a message text (no PHI).
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
    offsetMinutes: integer('offset_minutes').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: REMINDER_STATUSES }).notNull().default('scheduled'),
    /** When a worker may next pick it up: dueAt, later after a failed attempt (backoff). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** While `sending`: the claim's lease; a worker that died mid-send frees the row when it passes. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reminders_appointment_idx').on(t.appointmentId, t.dueAt),
    index('reminders_work_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('scheduled', 'sending')`),
    check('reminders_channel_check', isOneOf(t.channel, REMINDER_CHANNELS)),
    check('reminders_status_check', isOneOf(t.status, REMINDER_STATUSES)),
  ],
);

export type ReminderRow = typeof reminders.$inferSelect;
export type NewReminderRow = typeof reminders.$inferInsert;

/**
 * Messages kept instead of sent when no provider is configured for their channel (the embedded mode):
 * the desk reads them at GET /api/appointment-reminders/outbox. They name a patient's contact and an appointment
 * time, so they are patient data: staff only, every read audited.
 */
export const reminderOutbox = pgTable(
  'reminder_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reminderId: uuid('reminder_id')
      .notNull()
      .references(() => reminders.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: uuid('patient_id').notNull(),
    channel: text('channel', { enum: REMINDER_CHANNELS }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reminder_outbox_created_idx').on(t.createdAt, t.id),
    check('reminder_outbox_channel_check', isOneOf(t.channel, REMINDER_CHANNELS)),
  ],
);

export type OutboxRow = typeof reminderOutbox.$inferSelect;
