import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { newestFirst } from '../db/keyset.js';
import { auditWriteFailedChannel, type AuditWriteFailedEvent } from '../lib/diagnostics.js';
import { auditEvents, type AuditEventRow, type NewAuditEvent } from '../db/schema/index.js';

export async function insertAuditEvent(ex: Executor, event: NewAuditEvent): Promise<void> {
  try {
    await ex.insert(auditEvents).values(event);
  } catch (error) {
    reportAuditWriteFailure(event, error);
    throw error;
  }
}

/** Counted by the metrics plugin (audit_write_failures_total): an alarm, since it means a failed or unaudited call. */
export function reportAuditWriteFailure(
  event: Pick<NewAuditEvent, 'action' | 'resourceType'>,
  error: unknown,
) {
  if (auditWriteFailedChannel.hasSubscribers) {
    const failure: AuditWriteFailedEvent = { action: event.action, resourceType: event.resourceType, error };
    auditWriteFailedChannel.publish(failure);
  }
}

/**
 * The audit write as a CTE, to ride along with the read it records: one statement, one round
 * trip, and atomic — if the event cannot be written, the read fails too. `outcome` is SQL so it
 * can depend on what the read finds, in the same snapshot.
 */
export function auditWriteCte(ex: Executor, event: Omit<NewAuditEvent, 'outcome'>, outcome: SQL) {
  return ex.$with('audit_write', { id: sql<string>`id` }).as(
    sql`insert into ${auditEvents} (actor_id, actor_role, action, resource_type, resource_id, patient_id, outcome, request_id, ip, user_agent)
        values (${event.actorId}, ${event.actorRole}, ${event.action}, ${event.resourceType}, ${event.resourceId},
                ${event.patientId}, ${outcome}, ${event.requestId}, ${event.ip}, ${event.userAgent})
        returning id`,
  );
}

/** The placeholders of `auditWriteCte` in a prepared statement: execute it with `auditPlaceholderValues`. */
const AUDIT_FIELDS = [
  'actorId',
  'actorRole',
  'action',
  'resourceType',
  'resourceId',
  'patientId',
  'requestId',
  'ip',
  'userAgent',
] as const;
export const auditPlaceholders = Object.fromEntries(
  AUDIT_FIELDS.map((f) => [f, sql.placeholder(`audit_${f}`)]),
) as unknown as Omit<NewAuditEvent, 'outcome'>;
/** Written out rather than mapped over AUDIT_FIELDS: it runs on every audited read. */
export const auditPlaceholderValues = (event: Omit<NewAuditEvent, 'outcome'>) => ({
  audit_actorId: event.actorId ?? null,
  audit_actorRole: event.actorRole ?? null,
  audit_action: event.action ?? null,
  audit_resourceType: event.resourceType ?? null,
  audit_resourceId: event.resourceId ?? null,
  audit_patientId: event.patientId ?? null,
  audit_requestId: event.requestId ?? null,
  audit_ip: event.ip ?? null,
  audit_userAgent: event.userAgent ?? null,
});

export type AuditFilter = {
  actorId?: string;
  patientId?: string;
  action?: AuditEventRow['action'];
  from?: Date;
  to?: Date;
  limit: number;
  before?: { at: string; id: string };
};

/** Newest first, paged by keyset on (at, id). */
export async function listAuditEvents(ex: Executor, f: AuditFilter): Promise<AuditEventRow[]> {
  const page = newestFirst(auditEvents.at, auditEvents.id, f.before);
  const filters: (SQL | undefined)[] = [
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.patientId ? eq(auditEvents.patientId, f.patientId) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lt(auditEvents.at, f.to) : undefined,
    page.after,
  ];
  return ex
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(...page.orderBy)
    .limit(f.limit + 1);
}
