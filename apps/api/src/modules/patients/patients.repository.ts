import { and, asc, desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { patients, type NewAuditEvent, type NewPatientRow, type PatientRow } from '../../db/schema/index.js';
import { auditWriteCte } from '../../platform/audit.repository.js';
import { escapeLike } from '../../lib/text.js';

/** Fields a caller can set; the derived search keys are computed by the service. */
export type PatientWrite = Omit<
  NewPatientRow,
  'id' | 'mrn' | 'createdAt' | 'updatedAt' | 'version' | 'deletedAt'
>;

const live = isNull(patients.deletedAt);

export async function insertPatient(ex: Executor, row: PatientWrite): Promise<PatientRow> {
  const [created] = await ex.insert(patients).values(row).returning();
  return created!;
}

export async function findPatient(ex: Executor, id: string): Promise<PatientRow | undefined> {
  const [row] = await ex
    .select()
    .from(patients)
    .where(and(eq(patients.id, id), live));
  return row;
}

/** Reads a live patient and writes its audit event in one statement (success, or error when absent). */
export async function findPatientAudited(
  ex: Executor,
  id: string,
  event: Omit<NewAuditEvent, 'outcome'>,
): Promise<PatientRow | undefined> {
  const found = sql`exists (select 1 from ${patients} where ${patients.id} = ${id} and ${patients.deletedAt} is null)`;
  const audit = auditWriteCte(ex, event, sql`case when ${found} then 'success' else 'error' end`);
  const [row] = await ex
    .with(audit)
    .select()
    .from(patients)
    .where(and(eq(patients.id, id), live));
  return row;
}

/** Locks a live patient against deletion until the transaction ends; false when there is none. */
export async function lockPatient(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex
    .select({ id: patients.id })
    .from(patients)
    .where(and(eq(patients.id, id), live))
    .for('key share');
  return rows.length > 0;
}

export async function findDuplicateIds(
  ex: Executor,
  nameKey: string,
  birthDate: string,
  exceptId?: string,
): Promise<string[]> {
  const rows = await ex
    .select({ id: patients.id })
    .from(patients)
    .where(
      and(
        eq(patients.nameKey, nameKey),
        eq(patients.birthDate, birthDate),
        live,
        exceptId ? ne(patients.id, exceptId) : undefined,
      ),
    )
    .orderBy(asc(patients.createdAt))
    .limit(10);
  return rows.map((r) => r.id);
}

/** Serialises duplicate checks for one name key, so two desks cannot both miss each other's entry. */
export async function lockNameKey(ex: Executor, nameKey: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext(${nameKey}))`);
}

export type PatientSearch = {
  /** Folded query text (lower case, no accents) and its digits. */
  text?: { folded: string; digits: string; raw: string };
  birthDate?: string;
  /** Confines the search to one patient (a patient-role caller's own record). */
  onlyId?: string;
  limit: number;
  after?: { sortName: string; id: string };
  offset?: number;
};

/**
 * Without text: every live patient in name order, paged by keyset. With text: matches on name
 * (word prefix, then trigram similarity), phone digits, email or MRN, best first, paged by offset.
 */
export async function searchPatients(ex: Executor, s: PatientSearch): Promise<PatientRow[]> {
  const filters: (SQL | undefined)[] = [
    live,
    s.birthDate ? eq(patients.birthDate, s.birthDate) : undefined,
    s.onlyId ? eq(patients.id, s.onlyId) : undefined,
  ];
  if (!s.text) {
    if (s.after) {
      filters.push(
        sql`(${patients.sortName} collate "C", ${patients.id}) > (${s.after.sortName} collate "C", ${s.after.id}::uuid)`,
      );
    }
    return ex
      .select()
      .from(patients)
      .where(and(...filters))
      .orderBy(sql`${patients.sortName} collate "C"`, asc(patients.id))
      .limit(s.limit + 1);
  }
  const { folded, digits, raw } = s.text;
  const prefix = `${escapeLike(folded)}%`;
  const wordPrefix = `% ${escapeLike(folded)}%`;
  const nameMatch = sql`(${patients.searchName} like ${prefix} or ${patients.searchName} like ${wordPrefix} or ${folded} <% ${patients.searchName})`;
  const alternatives: SQL[] = [nameMatch];
  if (digits.length >= 4) alternatives.push(sql`${patients.phoneDigits} like ${`%${digits}%`}`);
  if (raw.includes('@'))
    alternatives.push(sql`lower(${patients.email}) like ${`${escapeLike(raw.toLowerCase())}%`}`);
  if (/^mc\d+$/i.test(raw)) alternatives.push(sql`${patients.mrn} like ${`${raw.toUpperCase()}%`}`);
  filters.push(sql`(${sql.join(alternatives, sql` or `)})`);
  return ex
    .select()
    .from(patients)
    .where(and(...filters))
    .orderBy(
      desc(sql`(${patients.searchName} like ${prefix} or ${patients.searchName} like ${wordPrefix})`),
      desc(sql`word_similarity(${folded}, ${patients.searchName})`),
      sql`${patients.sortName} collate "C"`,
      asc(patients.id),
    )
    .limit(s.limit + 1)
    .offset(s.offset ?? 0);
}

/** Writes new values when the version still matches; undefined when the row moved on or vanished. */
export async function updatePatient(
  ex: Executor,
  id: string,
  version: number | undefined,
  row: PatientWrite,
): Promise<PatientRow | undefined> {
  const [updated] = await ex
    .update(patients)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, id), live, version === undefined ? undefined : eq(patients.version, version)))
    .returning();
  return updated;
}

export async function softDeletePatient(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex
    .update(patients)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()`, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, id), live))
    .returning({ id: patients.id });
  return rows.length > 0;
}
