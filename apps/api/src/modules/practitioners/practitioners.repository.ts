import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { practitioners, type PractitionerRow } from '../../db/schema/index.js';

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
