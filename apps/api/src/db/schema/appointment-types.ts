import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** What can be booked: its length, the time kept free after it, who offers it, whether patients may book it. */
export const appointmentTypes = pgTable(
  'appointment_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    bufferMinutes: integer('buffer_minutes').notNull().default(0),
    patientBookable: boolean('patient_bookable').notNull().default(false),
    /** The practitioners who offer it (checked to exist when written; practitioners are never deleted). */
    practitionerIds: uuid('practitioner_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('appointment_types_duration', sql`${t.durationMinutes} between 5 and 480`),
    check('appointment_types_buffer', sql`${t.bufferMinutes} between 0 and 240`),
  ],
);

export type AppointmentTypeRow = typeof appointmentTypes.$inferSelect;
