import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { practitioners, type PractitionerRow, type StoredAvailability } from '../../db/schema/index.js';

export type PractitionerWrite = Pick<PractitionerRow, 'givenName' | 'familyName' | 'specialty' | 'timeZone'>;

export async function insertPractitioner(ex: Executor, row: PractitionerWrite): Promise<PractitionerRow> {
  const [created] = await ex.insert(practitioners).values(row).returning();
  return created!;
}

export async function findPractitioner(ex: Executor, id: string): Promise<PractitionerRow | undefined> {
  const [row] = await ex.select().from(practitioners).where(eq(practitioners.id, id));
  return row;
}

/** Locks a practitioner row against removal until the transaction ends; false when there is none. */
export async function lockPractitioner(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(eq(practitioners.id, id))
    .for('key share');
  return rows.length > 0;
}

export async function listPractitioners(
  ex: Executor,
  limit: number,
  offset: number,
): Promise<PractitionerRow[]> {
  return ex
    .select()
    .from(practitioners)
    .orderBy(asc(practitioners.familyName), asc(practitioners.givenName), asc(practitioners.id))
    .limit(limit + 1)
    .offset(offset);
}

export async function updatePractitioner(
  ex: Executor,
  id: string,
  version: number | undefined,
  row: PractitionerWrite,
): Promise<PractitionerRow | undefined> {
  const [updated] = await ex
    .update(practitioners)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${practitioners.version} + 1` })
    .where(
      version === undefined
        ? eq(practitioners.id, id)
        : sql`${practitioners.id} = ${id} and ${practitioners.version} = ${version}`,
    )
    .returning();
  return updated;
}

/** A practitioner's zone and working hours (null: none set), by primary key. */
export async function findHours(
  ex: Executor,
  id: string,
): Promise<{ id: string; timeZone: string; availability: StoredAvailability | null } | undefined> {
  const [row] = await ex
    .select({
      id: practitioners.id,
      timeZone: practitioners.timeZone,
      availability: practitioners.availability,
    })
    .from(practitioners)
    .where(eq(practitioners.id, id));
  return row;
}

/** Zones and hours of several practitioners (all of them when `ids` is undefined), at most `limit`. */
export async function findHoursOf(ex: Executor, ids: string[] | undefined, limit: number) {
  return ex
    .select({
      id: practitioners.id,
      timeZone: practitioners.timeZone,
      availability: practitioners.availability,
    })
    .from(practitioners)
    .where(ids ? inArray(practitioners.id, ids) : undefined)
    .orderBy(asc(practitioners.id))
    .limit(limit);
}

export async function setHours(ex: Executor, id: string, availability: StoredAvailability): Promise<boolean> {
  const rows = await ex
    .update(practitioners)
    .set({ availability })
    .where(eq(practitioners.id, id))
    .returning({ id: practitioners.id });
  return rows.length > 0;
}

/** Which of these ids name practitioners. */
export async function existingPractitionerIds(ex: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ex
    .select({ id: practitioners.id })
    .from(practitioners)
    .where(inArray(practitioners.id, ids));
  return new Set(rows.map((r) => r.id));
}
