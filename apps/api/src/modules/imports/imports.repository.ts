import { and, asc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { EXCLUSION_VIOLATION, sqlState } from '../../db/errors.js';
import {
  appointments,
  auditEvents,
  importRecords,
  importRuns,
  importUploads,
  observations,
  patients,
  practitioners,
  type ImportUploadRow,
  type NewAuditEvent,
  type NewObservationRow,
  users,
} from '../../db/schema/index.js';
import type { ImportReport } from '@medicare/contracts';
import type { AppointmentWrite, PatientWrite, PractitionerWrite } from './rules.js';

/**
 * Queries of the import engine, inside the caller's transaction. Many rows go in one statement as one
 * JSON parameter (`json_populate_recordset`): PostgreSQL parses it faster than tens of thousands of bound
 * parameters, and it stays one parameter however wide the table.
 */
const PARAMETERS = 60_000;
const ROWS_PER_STATEMENT = 5_000;

function chunks<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(PARAMETERS / columns)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const jsonValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/** Inserts rows (their keys are the table's fields); `then` is SQL after the select (ON CONFLICT …, RETURNING …). */
async function bulkInsert(
  ex: Executor,
  table: PgTable,
  rows: object[],
  then?: SQL,
): Promise<{ id: string }[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table);
  const keys = Object.keys(columns).filter((k) =>
    rows.some((r) => (r as Record<string, unknown>)[k] !== undefined),
  );
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k]!.name)),
    sql`, `,
  );
  const returned: { id: string }[] = [];
  for (const part of chunks(rows, 1)) {
    const payload = part.map((r) =>
      Object.fromEntries(
        keys.map((k) => [columns[k]!.name, jsonValue((r as Record<string, unknown>)[k]) ?? null]),
      ),
    );
    const result = await ex.execute<{ id: string }>(
      sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(payload)}::json) ${then ?? sql``}`,
    );
    returned.push(...((result as unknown as { rows: { id: string }[] }).rows ?? []));
  }
  return returned;
}

export type Mapped = { targetId: string; hash: string };

/** Which of these source ids were imported before, and as what. */
export async function mappedIds(
  ex: Executor,
  source: string,
  table: string,
  ids: string[],
): Promise<Map<string, Mapped>> {
  const found = new Map<string, Mapped>();
  for (const part of chunks(ids, 1)) {
    const rows = await ex
      .select({
        sourceId: importRecords.sourceId,
        targetId: importRecords.targetId,
        hash: importRecords.hash,
      })
      .from(importRecords)
      .where(
        and(
          eq(importRecords.source, source),
          eq(importRecords.sourceTable, table),
          inArray(importRecords.sourceId, part),
        ),
      );
    for (const r of rows) found.set(r.sourceId, { targetId: r.targetId, hash: r.hash });
  }
  return found;
}

/** Every source id of a table this source has imported: what appointments and vitals refer to. */
export async function allMapped(ex: Executor, source: string, table: string): Promise<Map<string, string>> {
  const rows = await ex
    .select({ sourceId: importRecords.sourceId, targetId: importRecords.targetId })
    .from(importRecords)
    .where(and(eq(importRecords.source, source), eq(importRecords.sourceTable, table)));
  return new Map(rows.map((r) => [r.sourceId, r.targetId]));
}

export type RecordWrite = { sourceTable: string; sourceId: string; targetId: string; hash: string };

export async function recordMappings(ex: Executor, source: string, runId: string, rows: RecordWrite[]) {
  await bulkInsert(
    ex,
    importRecords,
    rows.map((r) => ({ ...r, source, runId })),
    sql`on conflict (source, source_table, source_id) do update set target_id = excluded.target_id, hash = excluded.hash, run_id = excluded.run_id, updated_at = now()`,
  );
}

export async function insertAuditEvents(ex: Executor, events: NewAuditEvent[]) {
  await bulkInsert(ex, auditEvents, events);
}

/** Live patients born on any of these days, with what the near-duplicate rule compares. */
export async function bornOnAny(ex: Executor, dates: string[]) {
  if (dates.length === 0) return [];
  return ex
    .select({
      id: patients.id,
      birthDate: patients.birthDate,
      nameKey: patients.nameKey,
      givenName: patients.givenName,
      familyName: patients.familyName,
      phoneDigits: patients.phoneDigits,
    })
    .from(patients)
    .where(and(inArray(patients.birthDate, dates), isNull(patients.deletedAt)));
}

export async function insertPatients(ex: Executor, rows: (PatientWrite & { id: string })[]) {
  await bulkInsert(ex, patients, rows);
}

/** Changes a live patient as an update through the API would (version + 1); false when it is gone. */
export async function updatePatient(ex: Executor, id: string, row: PatientWrite): Promise<boolean> {
  const done = await ex
    .update(patients)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${patients.version} + 1` })
    .where(and(eq(patients.id, id), isNull(patients.deletedAt)))
    .returning({ id: patients.id });
  return done.length > 0;
}

export async function insertPractitioners(ex: Executor, rows: (PractitionerWrite & { id: string })[]) {
  await bulkInsert(ex, practitioners, rows);
}

export async function updatePractitioner(ex: Executor, id: string, row: PractitionerWrite): Promise<boolean> {
  const done = await ex
    .update(practitioners)
    .set({ ...row, updatedAt: sql`now()`, version: sql`${practitioners.version} + 1` })
    .where(eq(practitioners.id, id))
    .returning({ id: practitioners.id });
  return done.length > 0;
}

/**
 * Inserts appointments; one that the no-overlap constraints refuse (it overlaps an appointment already
 * in the database) is left out, not an error. Answers the ids that went in.
 */
export async function insertAppointments(
  ex: Executor,
  rows: (AppointmentWrite & { id: string })[],
): Promise<Set<string>> {
  const done = await bulkInsert(ex, appointments, rows, sql`on conflict do nothing returning id`);
  return new Set(done.map((r) => r.id));
}

/** 'overlap' when the change would double-book (the savepoint keeps the batch's transaction usable). */
export async function updateAppointment(
  ex: Executor,
  id: string,
  row: AppointmentWrite,
): Promise<'updated' | 'missing' | 'overlap'> {
  try {
    return await ex.transaction(async (sp) => {
      const done = await sp
        .update(appointments)
        .set({ ...row, updatedAt: sql`now()`, version: sql`${appointments.version} + 1` })
        .where(and(eq(appointments.id, id), isNull(appointments.deletedAt)))
        .returning({ id: appointments.id });
      return done.length > 0 ? 'updated' : 'missing';
    });
  } catch (error) {
    if (sqlState(error) === EXCLUSION_VIOLATION) return 'overlap';
    throw error;
  }
}

export async function insertObservations(ex: Executor, rows: (NewObservationRow & { id: string })[]) {
  await bulkInsert(ex, observations, rows);
}

export async function updateObservation(ex: Executor, id: string, row: NewObservationRow): Promise<boolean> {
  const done = await ex
    .update(observations)
    .set(row)
    .where(and(eq(observations.id, id), isNull(observations.deletedAt)))
    .returning({ id: observations.id });
  return done.length > 0;
}

export async function startRun(
  ex: Executor,
  run: { source: string; kind: 'sqlite' | 'csv'; operatorId: string | null; dryRun: boolean },
): Promise<{ id: string; startedAt: Date }> {
  const [row] = await ex
    .insert(importRuns)
    .values(run)
    .returning({ id: importRuns.id, startedAt: importRuns.startedAt });
  return row!;
}

export async function finishRun(ex: Executor, id: string, report: ImportReport) {
  await ex
    .update(importRuns)
    .set({ finishedAt: sql`now()`, report })
    .where(eq(importRuns.id, id));
}

export async function insertUpload(
  ex: Executor,
  row: Pick<ImportUploadRow, 'createdBy' | 'fileName' | 'sha256' | 'content' | 'columns' | 'rowCount'>,
): Promise<ImportUploadRow> {
  const [created] = await ex.insert(importUploads).values(row).returning();
  return created!;
}

export async function findUpload(ex: Executor, id: string): Promise<ImportUploadRow | undefined> {
  const [row] = await ex.select().from(importUploads).where(eq(importUploads.id, id));
  return row;
}

export async function recordUploadRun(ex: Executor, id: string, runId: string, rejectedCsv: string) {
  await ex.update(importUploads).set({ lastRunId: runId, rejectedCsv }).where(eq(importUploads.id, id));
}

export async function findRunReport(ex: Executor, runId: string): Promise<ImportReport | undefined> {
  const [row] = await ex
    .select({ report: importRuns.report })
    .from(importRuns)
    .where(eq(importRuns.id, runId));
  return row?.report ?? undefined;
}

/** Whom the audit trail names: the user with this e-mail, or else the first admin. */
export async function operatorOf(ex: Executor, email?: string) {
  const [row] = await ex
    .select({ userId: users.id, role: users.role, email: users.email })
    .from(users)
    .where(email ? eq(users.email, email.trim().toLowerCase()) : eq(users.role, 'admin'))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return row;
}
