import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Database } from '../../src/db/client.js';
import { auditEvents, type AuditEventRow } from '../../src/db/schema/index.js';

/** The audit events a response's request wrote (by its x-request-id). */
export async function auditOf(
  database: Pick<Database, 'db'>,
  res: LightMyRequestResponse,
): Promise<AuditEventRow[]> {
  const requestId = String(res.headers['x-request-id']);
  return database.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId));
}
