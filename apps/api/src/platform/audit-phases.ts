import type { Database, Executor } from '../db/client.js';
import type { RequestContext } from '../auth/principal.js';
import { AppError } from '../lib/errors.js';
import { audited, eventOf, ScopeDenied, type AuditFindings, type AuditSubject } from './audit.js';
import { insertAuditEvent } from './audit.repository.js';

/** What a failed call is recorded as: `denied` when it was refused for scope or role, else `error`. */
export const outcomeOf = (error: unknown) =>
  error instanceof ScopeDenied || (error instanceof AppError && error.code === 'FORBIDDEN')
    ? 'denied'
    : 'error';

/** Records a call that failed before its transaction (one event, like audited()'s failure branch). */
export async function auditFailure(
  database: Pick<Database, 'db'>,
  ctx: RequestContext,
  subject: AuditSubject,
  error: unknown,
): Promise<never> {
  await insertAuditEvent(database.db, eventOf(ctx, subject, outcomeOf(error)));
  throw error;
}

/**
 * audited() for calls with slow work that must not hold a transaction (streaming an upload into
 * storage, waiting for a language model): `before` runs outside any transaction and its failure is
 * audited; `work` then runs in audited(). Exactly one event either way.
 */
export async function auditedInPhases<P, T>(
  database: Pick<Database, 'db'>,
  ctx: RequestContext,
  subject: AuditSubject,
  before: () => Promise<P>,
  work: (tx: Executor, prepared: P) => Promise<{ result: T } & AuditFindings>,
): Promise<T> {
  let prepared: P;
  try {
    prepared = await before();
  } catch (error) {
    return auditFailure(database, ctx, subject, error);
  }
  return audited(database, ctx, subject, (tx) => work(tx, prepared));
}
