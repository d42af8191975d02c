import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const IDEMPOTENCY_STATES = ['pending', 'applied', 'done'] as const;

/**
 * One row per (caller, Idempotency-Key) for 24 hours: the request's fingerprint, and once answered
 * the answer itself, replayed to a retry. `pending`: an attempt (`owner`) holds the key until
 * `locked_until`; `applied`: its work committed (in the same transaction); `done`: answered.
 * The stored answer can hold PHI: it lives beside the record it describes and expires with the row.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    callerId: uuid('caller_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: IDEMPOTENCY_STATES }).notNull(),
    owner: uuid('owner').notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull(),
    resourceType: text('resource_type'),
    resourceId: uuid('resource_id'),
    patientId: uuid('patient_id'),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.callerId, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
    check('idempotency_keys_state_check', sql`${t.state} in ('pending', 'applied', 'done')`),
  ],
);

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
