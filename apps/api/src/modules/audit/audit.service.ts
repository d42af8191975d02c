import type { AuditPage, AuditQuery } from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import { keyset } from '../../lib/cursor.js';
import { invalid } from '../../lib/errors.js';
import { listAuditEvents, type AuditFilter } from './audit.repository.js';
import { toAuditEvent } from './audit.js';

/** Newest first by (at, id). */
const byTime = keyset('instant', 'uuid');

export type AuditService = ReturnType<typeof createAuditService>;

/** Reading the trail. Writing it is `audited()`, inside each feature's own transaction. */
export function createAuditService({ db }: Pick<Database, 'db'>) {
  return {
    async list(query: AuditQuery & { limit?: number }): Promise<AuditPage> {
      const limit = query.limit ?? 20;
      const from = query.from ? new Date(query.from) : undefined;
      const to = query.to ? new Date(query.to) : undefined;
      if (from && to && to <= from) throw invalid([{ path: '/to', message: 'must be after from' }]);
      const before = byTime.decode(query.cursor);
      const filter: AuditFilter = {
        actorId: query.actorId,
        patientId: query.patientId,
        action: query.action,
        from,
        to,
        limit,
        before: before && { at: before[0], id: before[1] },
      };
      const page = byTime.page(await listAuditEvents(db, filter), limit, (e) => [e.at.toISOString(), e.id]);
      return { items: page.items.map(toAuditEvent), nextCursor: page.nextCursor };
    },
  };
}
