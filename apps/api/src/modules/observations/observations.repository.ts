import { and, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { newestFirst } from '../../db/keyset.js';
import { observations, type NewObservationRow, type ObservationRow } from '../../db/schema/index.js';

const live = isNull(observations.deletedAt);

export async function insertObservation(ex: Executor, row: NewObservationRow): Promise<ObservationRow> {
  const [created] = await ex.insert(observations).values(row).returning();
  return created!;
}

export async function findObservation(
  ex: Executor,
  patientId: string,
  id: string,
): Promise<ObservationRow | undefined> {
  const [row] = await ex
    .select()
    .from(observations)
    .where(and(eq(observations.id, id), eq(observations.patientId, patientId), live));
  return row;
}

/** The patient an observation belongs to, nothing else: the caller then reads it through the service's scope check. */
export async function patientOfObservation(ex: Executor, id: string): Promise<string | undefined> {
  const [row] = await ex
    .select({ patientId: observations.patientId })
    .from(observations)
    .where(and(eq(observations.id, id), live));
  return row?.patientId;
}

export async function softDeleteObservation(ex: Executor, patientId: string, id: string): Promise<boolean> {
  const rows = await ex
    .update(observations)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(observations.id, id), eq(observations.patientId, patientId), live))
    .returning({ id: observations.id });
  return rows.length > 0;
}

/** Newest first, paged by keyset on (effective_at, id). */
export async function listObservations(
  ex: Executor,
  f: {
    patientId: string;
    code?: string;
    from?: Date;
    to?: Date;
    limit: number;
    before?: { at: string; id: string };
  },
): Promise<ObservationRow[]> {
  const page = newestFirst(observations.effectiveAt, observations.id, f.before);
  const filters: (SQL | undefined)[] = [
    eq(observations.patientId, f.patientId),
    live,
    f.code ? eq(observations.code, f.code) : undefined,
    f.from ? gte(observations.effectiveAt, f.from) : undefined,
    f.to ? lt(observations.effectiveAt, f.to) : undefined,
    page.after,
  ];
  return ex
    .select()
    .from(observations)
    .where(and(...filters))
    .orderBy(...page.orderBy)
    .limit(f.limit + 1);
}

/** The latest live observation of each of `codes` for a patient. */
export async function latestObservations(
  ex: Executor,
  patientId: string,
  codes: string[],
): Promise<ObservationRow[]> {
  return ex
    .selectDistinctOn([observations.code])
    .from(observations)
    .where(and(eq(observations.patientId, patientId), inArray(observations.code, codes), live))
    .orderBy(observations.code, desc(observations.effectiveAt), desc(observations.createdAt));
}
