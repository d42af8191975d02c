import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, requiredRef } from './columns.js';
import { APPOINTMENT_STATUSES } from '@medicare/contracts';
import { isOneOf } from './checks.js';
import { appointmentTypes } from './appointment-types.js';
import { patients } from './patients.js';
import { practitioners } from './practitioners.js';

/**
 * No-overlap rules live in custom migrations as exclusion constraints (drizzle cannot declare them):
 * two booked/arrived appointments of one practitioner (each with the buffer after it), or of one
 * patient, never overlap.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: idColumn(),
    patientId: requiredRef('patient_id', () => patients.id),
    practitionerId: requiredRef('practitioner_id', () => practitioners.id),
    start: timestamp('start_at', { withTimezone: true }).notNull(),
    end: timestamp('end_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: APPOINTMENT_STATUSES }).notNull().default('booked'),
    reason: text('reason'),
    notes: text('notes'),
    appointmentTypeId: uuid('appointment_type_id').references(() => appointmentTypes.id),
    /** Occurrences of one recurring series share it. */
    seriesId: uuid('series_id'),
    /** end + the type's buffer: the practitioner is held until then (null = until end). */
    bufferEndAt: timestamp('buffer_end_at', { withTimezone: true }),
    cancellationReason: text('cancellation_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Why staff booked it outside the practitioner's working hours. */
    overrideReason: text('override_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('appointments_practitioner_start_idx').on(t.practitionerId, t.start),
    index('appointments_patient_start_idx').on(t.patientId, t.start),
    index('appointments_start_idx').on(t.start, t.id),
    index('appointments_series_idx').on(t.seriesId, t.start),
    check('appointments_time_order', sql`${t.end} > ${t.start}`),
    check('appointments_max_length', sql`${t.end} - ${t.start} <= interval '8 hours'`),
    check('appointments_status_check', isOneOf(t.status, APPOINTMENT_STATUSES)),
    check('appointments_buffer_after_end', sql`${t.bufferEndAt} is null or ${t.bufferEndAt} >= ${t.end}`),
  ],
);

export type AppointmentRow = typeof appointments.$inferSelect;
