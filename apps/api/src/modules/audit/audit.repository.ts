import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditEvents, type AuditEventRow, type NewAuditEvent } from '../../db/schema/index.js';

export async function insertAuditEvent(ex: Executor, event: NewAuditEvent): Promise<void> {
  await ex.insert(auditEvents).values(event);
}

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
  const filters: (SQL | undefined)[] = [
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.patientId ? eq(auditEvents.patientId, f.patientId) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lt(auditEvents.at, f.to) : undefined,
    f.before
      ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`
      : undefined,
  ];
  return ex
    .select()
    .from(auditEvents)
    .where(and(...filters))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(f.limit + 1);
}
