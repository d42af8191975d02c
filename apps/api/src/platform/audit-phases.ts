import type { Database, Executor } from '../db/client.js';
import type { RequestContext } from '../auth/principal.js';
import { audited, auditFailure, type AuditFindings, type AuditSubject } from './audit.js';

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
