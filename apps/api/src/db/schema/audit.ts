import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from './columns.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from '@medicare/contracts';
import { isOneOf } from './checks.js';

export { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome };

/**
 * Append-only: migration 0004 adds a trigger that refuses UPDATE and DELETE (and TRUNCATE).
 * No foreign keys, so an event outlives whatever it names.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: idColumn(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    resourceType: text('resource_type').notNull(),
    resourceId: uuid('resource_id'),
    patientId: uuid('patient_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** For a search, the ids it returned. */
    resultIds: jsonb('result_ids').$type<string[]>(),
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_patient_idx').on(t.patientId, t.at),
    index('audit_events_actor_idx').on(t.actorId, t.at),
    check('audit_events_action_check', isOneOf(t.action, AUDIT_ACTIONS)),
    check('audit_events_outcome_check', isOneOf(t.outcome, AUDIT_OUTCOMES)),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
