import type { AuditEvent } from '@medicare/contracts';
import type { Database, Executor } from '../db/client.js';
import type { AuditAction, AuditEventRow, NewAuditEvent } from '../db/schema/index.js';
import type { RequestContext } from '../auth/principal.js';
import { AppError } from '../lib/errors.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import { insertAuditEvent, reportAuditWriteFailure } from './audit.repository.js';

/** What one audited call is about. */
export type AuditSubject = {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  patientId?: string | null;
};

/** What the work found out, to complete the event: e.g. the patient an appointment belongs to. */
export type AuditFindings = { resourceId?: string | null; patientId?: string | null; resultIds?: string[] };

export function eventOf(
  ctx: RequestContext,
  subject: AuditSubject,
  outcome: NewAuditEvent['outcome'],
  found: AuditFindings = {},
): NewAuditEvent {
  return {
    actorId: ctx.principal.userId,
    actorRole: ctx.principal.role,
    action: subject.action,
    resourceType: subject.resourceType,
    resourceId: found.resourceId ?? subject.resourceId ?? null,
    patientId: found.patientId ?? subject.patientId ?? null,
    outcome,
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    resultIds: found.resultIds ?? null,
  };
}

/** An error that means "outside the caller's scope": answered as 404, audited as denied. */
export class ScopeDenied extends AppError {}

/**
 * Runs one call on patient data and writes exactly one audit event for it. On success the event
 * is written in the same transaction as the work, so there is never a change without its event,
 * nor an event without its change; if the event cannot be written, the request fails. On failure
 * the work is rolled back and the event records `denied` (outside the caller's scope, answered 404)
 * or `error`.
 */
export async function audited<T>(
  database: Pick<Database, 'db'>,
  ctx: RequestContext,
  subject: AuditSubject,
  work: (tx: Executor) => Promise<{ result: T } & AuditFindings>,
): Promise<T> {
  try {
    return await database.db.transaction(async (tx) => {
      const { result, ...found } = await work(tx);
      await insertAuditEvent(tx, eventOf(ctx, subject, 'success', found));
      // A request with an Idempotency-Key commits its key with its work: exactly once.
      await ctx.idempotency?.claim(tx, {
        resourceType: subject.resourceType,
        resourceId: found.resourceId ?? subject.resourceId ?? null,
        patientId: found.patientId ?? subject.patientId ?? null,
      });
      return result;
    });
  } catch (error) {
    return auditFailure(database, ctx, subject, error);
  }
}

/** Records a failed call (denied, or error) outside its rolled-back work, then rethrows its error. */
export async function auditFailure(
  database: Pick<Database, 'db'>,
  ctx: RequestContext,
  subject: AuditSubject,
  error: unknown,
): Promise<never> {
  const denied = error instanceof ScopeDenied || (error instanceof AppError && error.code === 'FORBIDDEN');
  const outcome = denied ? 'denied' : 'error';
  // With the database away the event cannot be written either; answer 503 now rather than
  // wait for a second connect timeout. The lost event is counted (audit_write_failures_total).
  if (isDatabaseUnavailable(error)) {
    reportAuditWriteFailure(subject, error);
    throw error;
  }
  await insertAuditEvent(database.db, eventOf(ctx, subject, outcome));
  throw error;
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientId: row.patientId,
    outcome: row.outcome,
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    ...(row.resultIds ? { resultIds: row.resultIds } : {}),
  };
}
