import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * `column in ('a', 'b', …)` for a check constraint, from one of contracts' lists: when the list
 * changes, `npm run db:generate` writes the migration that changes the constraint.
 */
export function isOneOf(column: AnyPgColumn, values: readonly string[]): SQL {
  if (values.some((v) => !/^[a-z_]+$/.test(v)))
    throw new Error(`not a plain identifier list: ${values.join()}`);
  return sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
}
