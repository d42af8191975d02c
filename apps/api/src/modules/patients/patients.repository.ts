import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { patients, type NewAuditEvent, type NewPatientRow, type PatientRow } from '../../db/schema/index.js';
import { auditPlaceholders, auditPlaceholderValues, auditWriteCte } from '../../platform/audit.repository.js';

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

/**
 * Reads a live patient and writes its audit event in one statement (success, or error when absent):
 * built and prepared once, at start-up; each request only binds its values.
 */
export function preparePatientRead(db: Executor) {
  const statement = patientReadQuery(db).prepare('patient_read_audited');
  return async (
    patientId: string,
    event: Omit<NewAuditEvent, 'outcome'>,
  ): Promise<PatientRow | undefined> => {
    const [row] = await statement.execute({ id: patientId, ...auditPlaceholderValues(event) });
    return row;
  };
}

/** The statement of `preparePatientRead`, with placeholders `id` and `audit_*` (the bench hands it to pgbench). */
export function patientReadQuery(db: Executor) {
  const id = sql.placeholder('id');
  const found = sql`exists (select 1 from ${patients} where ${patients.id} = ${id} and ${patients.deletedAt} is null)`;
  const audit = auditWriteCte(db, auditPlaceholders, sql`case when ${found} then 'success' else 'error' end`);
  return db
    .with(audit)
    .select()
    .from(patients)
    .where(and(eq(patients.id, id), live));
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

/** The live patients born on one day, oldest record first: candidates for the duplicate warning. */
export async function bornOn(ex: Executor, birthDate: string, limit = 500) {
  return ex
    .select({
      id: patients.id,
      nameKey: patients.nameKey,
      givenName: patients.givenName,
      familyName: patients.familyName,
      phoneDigits: patients.phoneDigits,
    })
    .from(patients)
    .where(and(eq(patients.birthDate, birthDate), live))
    .orderBy(asc(patients.createdAt), asc(patients.id))
    .limit(limit);
}

/** Serialises duplicate checks for one birth date, so two desks cannot both miss each other's entry. */
export async function lockBirthDate(ex: Executor, birthDate: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext(${`patient-birth:${birthDate}`}))`);
}

export type PatientList = {
  birthDate?: string;
  /** Confines the list to one patient (a patient-role caller's own record). */
  onlyId?: string;
  limit: number;
  after?: { sortName: string; id: string };
};

/** Every live patient (of one birth date, if given) in name order, paged by keyset. Search: patients.search.ts. */
export async function listPatients(ex: Executor, s: PatientList): Promise<PatientRow[]> {
  const filters: (SQL | undefined)[] = [
    live,
    s.birthDate ? eq(patients.birthDate, s.birthDate) : undefined,
    s.onlyId ? eq(patients.id, s.onlyId) : undefined,
  ];
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
