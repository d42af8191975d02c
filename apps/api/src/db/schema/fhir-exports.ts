import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '@medicare/contracts';
import { isOneOf } from './checks.js';

/** accepted → running → completed | failed. */
export const FHIR_EXPORT_STATES = ['accepted', 'running', 'completed', 'failed'] as const;

/**
 * FHIR Bulk Data exports (modules/fhir, `$export`): each job, durable, so a restarted process picks up
 * what it had accepted. The NDJSON files live in document storage (DATA_DIR or S3) under
 * `fhir-exports/<id>/<type>.ndjson`; `output` lists them once the job is complete.
 */
export const fhirExports = pgTable(
  'fhir_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestedBy: uuid('requested_by').notNull(),
    requestedRole: text('requested_role', { enum: ROLES }).notNull(),
    requestIp: text('request_ip').notNull(),
    requestUrl: text('request_url').notNull(),
    types: text('types').array().notNull(),
    state: text('state', { enum: FHIR_EXPORT_STATES }).notNull().default('accepted'),
    output: jsonb('output').$type<{ type: string; count: number }[]>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    check('fhir_exports_state_check', isOneOf(t.state, FHIR_EXPORT_STATES)),
    index('fhir_exports_pending_idx').on(t.state),
  ],
);

export type FhirExportRow = typeof fhirExports.$inferSelect;
