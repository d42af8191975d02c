import { uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

/** Every table's primary key: a random UUID. */
export const idColumn = () => uuid('id').primaryKey().defaultRandom();

/** A required reference to the row of another table (or of this one) that `target` names. */
export const requiredRef = <N extends string>(name: N, target: () => AnyPgColumn) =>
  uuid(name).notNull().references(target);
