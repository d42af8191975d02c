import { boolean, doublePrecision, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, requiredRef } from './columns.js';
import { patients } from './patients.js';

/**
 * Vital signs, lab results and the few yes/no facts the risk model needs. The value is kept as
 * given (number, code or yes/no, with its unit) and, for quantities, also in the code's canonical
 * unit, so the latest cholesterol compares whichever unit the lab reported.
 */
export const observations = pgTable(
  'observations',
  {
    id: idColumn(),
    patientId: requiredRef('patient_id', () => patients.id),
    code: text('code').notNull(),
    system: text('system').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueText: text('value_text'),
    valueBoolean: boolean('value_boolean'),
    unit: text('unit'),
    canonicalValue: doublePrecision('canonical_value'),
    canonicalUnit: text('canonical_unit'),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('observations_patient_code_time_idx').on(t.patientId, t.code, t.effectiveAt)],
);

export type ObservationRow = typeof observations.$inferSelect;
export type NewObservationRow = typeof observations.$inferInsert;
