import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { idColumn, requiredRef } from './columns.js';
import { APPOINTMENT_STATUSES } from '@medicare/contracts';
import { isOneOf } from './checks.js';
import { patients } from './patients.js';
import { practitioners } from './practitioners.js';

/**
 * No-overlap rules live in migration 0002 as exclusion constraints (drizzle cannot declare them):
 * two booked/arrived appointments of one practitioner, or of one patient, never overlap.
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('appointments_practitioner_start_idx').on(t.practitionerId, t.start),
    index('appointments_patient_start_idx').on(t.patientId, t.start),
    index('appointments_start_idx').on(t.start, t.id),
    check('appointments_time_order', sql`${t.end} > ${t.start}`),
    check('appointments_max_length', sql`${t.end} - ${t.start} <= interval '8 hours'`),
    check('appointments_status_check', isOneOf(t.status, APPOINTMENT_STATUSES)),
  ],
);

export type AppointmentRow = typeof appointments.$inferSelect;
