import { desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Newest first on (at, id), the order of every keyset-paged history (documents, observations, the audit
 * trail, conversations): `after` is the condition for the rows that follow the cursor's row (undefined on
 * the first page), `orderBy` the order. The cursor itself is read and written by lib/cursor.ts `keyset`.
 */
export function newestFirst(
  at: PgColumn,
  id: PgColumn,
  before: { at: string; id: string } | undefined,
): { after: SQL | undefined; orderBy: [SQL, SQL] } {
  return {
    after: before ? sql`(${at}, ${id}) < (${before.at}::timestamptz, ${before.id}::uuid)` : undefined,
    orderBy: [desc(at), desc(id)],
  };
}
