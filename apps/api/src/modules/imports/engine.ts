import { createHash, randomUUID } from 'node:crypto';
import type {
  ImportFinding,
  ImportOverlapPolicy,
  ImportProblem,
  ImportReport,
  ImportTableCounts,
  Role,
} from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { NewAuditEvent } from '../../db/schema/index.js';
import { likelyDuplicate, type DuplicateKeys } from '../patients/index.js';
import * as repo from './imports.repository.js';
import { DEFAULT_VALUES, textOf, type ValueMaps } from './normalize.js';
import {
  checkAppointment,
  checkPatient,
  checkPractitioner,
  checkVitals,
  type AppointmentWrite,
  type RawRow,
} from './rules.js';

/** Rows of the source, already named by our fields (a mapping file or a CSV mapping did that). */
export type SourceData = {
  practitioners?: RawRow[];
  patients?: RawRow[];
  appointments?: RawRow[];
  vitals?: RawRow[];
};

/** Who the audit trail names for every record an import writes. */
export type Operator = { userId: string | null; role: Role | null; requestId?: string; ip?: string | null };

export type ImportOptions = {
  /** The source system source ids are recorded under: the same name makes a second run an update. */
  source: string;
  kind: 'sqlite' | 'csv';
  operator: Operator;
  timeZone: string;
  overlap: ImportOverlapPolicy;
  dryRun: boolean;
  values?: ValueMaps;
  batchSize?: number;
  /** Independent batches written at once, each on its own connection (PostgreSQL; 1 on PGlite). */
  lanes?: number;
  /** Stops after the batch in flight (Ctrl-C); what committed stays, and a second run resumes. */
  signal?: AbortSignal;
  onProgress?: (table: string, done: number, total: number) => void;
  /** Every rejected row (the report keeps only the first findings): the CSV import's rejected-rows file. */
  onRejected?: (table: string, sourceId: string, problems: ImportProblem[]) => void;
};

const MAX_FINDINGS = 1000;
const ACTIVE = new Set(['booked', 'arrived']);

/** The report as it grows: counts per table and reason, and the first findings. */
class Tally {
  constructor(private readonly onRejected?: ImportOptions['onRejected']) {}
  tables: Record<string, ImportTableCounts> = {};
  findings: ImportFinding[] = [];
  omitted = 0;
  of(table: string) {
    return (this.tables[table] ??= {
      read: 0,
      imported: 0,
      updated: 0,
      skipped: 0,
      rejected: 0,
      reasons: {},
    });
  }
  count(table: string, what: 'imported' | 'updated' | 'skipped' | 'rejected', reason?: string) {
    const t = this.of(table);
    t[what]++;
    if (reason) t.reasons[reason] = (t.reasons[reason] ?? 0) + 1;
  }
  find(finding: Omit<ImportFinding, 'problems' | 'related'> & Partial<ImportFinding>) {
    if (this.findings.length >= MAX_FINDINGS) this.omitted++;
    else this.findings.push({ problems: [], related: [], ...finding });
  }
  reject(table: string, sourceId: string, problems: ImportProblem[]) {
    const reason = problems.length > 0 ? `${problems[0]!.field} ${problems[0]!.message}` : 'invalid';
    this.count(table, 'rejected', reason);
    this.find({ table, sourceId, kind: 'rejected', reason, problems });
    this.onRejected?.(table, sourceId, problems);
  }
}

type Mapping = Map<string, string>;

/**
 * The import engine, shared by the SQLite migration and the CSV import: practitioners, patients,
 * appointments, then vitals, each in batches of one transaction (rows, source-id records and their
 * audit events together), so a stopped import keeps what committed and a second run resumes.
 */
export async function runImport(
  database: Pick<Database, 'db' | 'withLock'>,
  data: SourceData,
  options: ImportOptions,
): Promise<ImportReport> {
  // Two runs of one source at once would each find a row unrecorded and both insert it: the second waits.
  return database.withLock(lockKeyOf(options.source), () => importRows(database, data, options));
}

/** An advisory lock key per source system (31 bits of its hash, clear of the migration lock's 727001). */
function lockKeyOf(source: string): number {
  return (
    1_000_000_000 + (createHash('sha256').update(`import:${source}`).digest().readUInt32BE(0) % 1_000_000_000)
  );
}

async function importRows(
  database: Pick<Database, 'db'>,
  data: SourceData,
  options: ImportOptions,
): Promise<ImportReport> {
  const { db } = database;
  const values = options.values ?? DEFAULT_VALUES;
  const size = options.batchSize ?? 1000;
  const lanes = options.lanes ?? 1;
  const tally = new Tally(options.onRejected);
  const run = await repo.startRun(db, {
    source: options.source,
    kind: options.kind,
    operatorId: options.operator.userId,
    dryRun: options.dryRun,
  });
  let complete = true;

  const audit = (resourceType: string, resourceId: string, patientId: string | null): NewAuditEvent => ({
    actorId: options.operator.userId,
    actorRole: options.operator.role,
    action: 'import',
    resourceType,
    resourceId,
    patientId,
    outcome: 'success',
    requestId: options.operator.requestId ?? `import:${run.id}`,
    ip: options.operator.ip ?? null,
    userAgent: 'medicare-import',
  });

  /**
   * Runs `work` on each batch in its own transaction (none in a dry run: nothing is written). `lanes`
   * batches at a time, on as many connections, where batches are independent of each other (appointments
   * and observations, once overlaps are decided): PostgreSQL runs each statement on one core.
   */
  async function batches<T>(
    table: string,
    rows: T[],
    work: (tx: Executor, batch: T[]) => Promise<void>,
    lanes = 1,
  ) {
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < rows.length) {
        if (options.signal?.aborted) {
          complete = false;
          return;
        }
        const batch = rows.slice(next, next + size);
        next += size;
        if (options.dryRun) await work(db, batch);
        else await db.transaction((tx) => work(tx, batch));
        done += batch.length;
        options.onProgress?.(table, done, rows.length);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  }

  /** Source ids once each: a row without one, or a second row with the same one, is rejected. */
  function identified(table: string, rows: RawRow[]): { sourceId: string; raw: RawRow }[] {
    const seen = new Set<string>();
    const out: { sourceId: string; raw: RawRow }[] = [];
    rows.forEach((raw, index) => {
      tally.of(table).read++;
      const sourceId = textOf(raw.sourceId);
      if (sourceId === null) {
        tally.reject(table, `#${index + 1}`, [{ field: 'sourceId', message: 'is missing' }]);
      } else if (seen.has(sourceId)) {
        tally.reject(table, sourceId, [{ field: 'sourceId', message: 'appears twice in the source' }]);
      } else {
        seen.add(sourceId);
        out.push({ sourceId, raw });
      }
    });
    return out;
  }

  /**
   * The common write of every table: new rows inserted, changed rows updated (by `update`), equal rows
   * skipped; source-id records and one audit event per record written. Answers sourceId → our id.
   */
  async function upsert<W>(
    tx: Executor,
    table: string,
    resourceType: string,
    rows: { sourceId: string; write: W; hash: string; patientId?: string | null }[],
    insert: (tx: Executor, rows: (W & { id: string })[]) => Promise<Set<string> | void>,
    update: (tx: Executor, id: string, write: W) => Promise<boolean | string>,
  ): Promise<{ ids: Mapping; refused: typeof rows }> {
    const known = await repo.mappedIds(
      tx,
      options.source,
      table,
      rows.map((r) => r.sourceId),
    );
    const ids: Mapping = new Map();
    const fresh: (W & { id: string })[] = [];
    const freshOf = new Map<string, (typeof rows)[number]>();
    const records: repo.RecordWrite[] = [];
    const events: NewAuditEvent[] = [];
    for (const row of rows) {
      const before = known.get(row.sourceId);
      if (before && before.hash === row.hash) {
        ids.set(row.sourceId, before.targetId);
        tally.count(table, 'skipped', 'unchanged since the last import');
      } else if (before) {
        const done = options.dryRun ? true : await update(tx, before.targetId, row.write);
        if (done === true || done === 'updated') {
          ids.set(row.sourceId, before.targetId);
          tally.count(table, 'updated');
          records.push({
            sourceTable: table,
            sourceId: row.sourceId,
            targetId: before.targetId,
            hash: row.hash,
          });
          events.push(audit(resourceType, before.targetId, row.patientId ?? null));
        } else {
          const reason =
            done === 'overlap' ? 'the change would double-book' : 'deleted here since the last import';
          tally.count(table, 'skipped', reason);
          tally.find({ table, sourceId: row.sourceId, kind: 'skipped', reason, related: [before.targetId] });
        }
      } else {
        const id = randomUUID();
        fresh.push({ ...row.write, id });
        freshOf.set(id, row);
      }
    }
    const refused: typeof rows = [];
    if (fresh.length > 0) {
      const inserted = options.dryRun ? undefined : await insert(tx, fresh);
      for (const { id } of fresh) {
        const row = freshOf.get(id)!;
        if (inserted && !inserted.has(id)) {
          refused.push(row);
          continue;
        }
        ids.set(row.sourceId, id);
        tally.count(table, 'imported');
        records.push({ sourceTable: table, sourceId: row.sourceId, targetId: id, hash: row.hash });
        events.push(audit(resourceType, id, resourceType === 'patient' ? id : (row.patientId ?? null)));
      }
    }
    if (!options.dryRun) {
      await repo.recordMappings(tx, options.source, run.id, records);
      await repo.insertAuditEvents(tx, events);
    }
    return { ids, refused };
  }

  const practitionerIds: Mapping = new Map();
  const patientIds: Mapping = new Map();
  const rejectedPatients = new Set<string>();

  // Practitioners: a name in one column ("Dr Jane Smith") and a specialty; the clinic's time zone.
  const practitionerRows = identified('practitioners', data.practitioners ?? []);
  await batches('practitioners', practitionerRows, async (tx, batch) => {
    const good = [];
    for (const { sourceId, raw } of batch) {
      const checked = checkPractitioner(raw, options.timeZone);
      if ('problems' in checked) tally.reject('practitioners', sourceId, checked.problems);
      else good.push({ sourceId, ...checked });
    }
    const { ids } = await upsert(
      tx,
      'practitioners',
      'practitioner',
      good,
      repo.insertPractitioners,
      repo.updatePractitioner,
    );
    for (const [k, v] of ids) practitionerIds.set(k, v);
  });

  // Patients: the API's rules; likely duplicates (the patients module's rule) imported and flagged.
  const patientRows = identified('patients', data.patients ?? []);
  const seenInRun = new Map<string, (DuplicateKeys & { id: string })[]>();
  await batches('patients', patientRows, async (tx, batch) => {
    const good = [];
    for (const { sourceId, raw } of batch) {
      const checked = checkPatient(raw, values);
      if ('problems' in checked) {
        tally.reject('patients', sourceId, checked.problems);
        rejectedPatients.add(sourceId);
      } else good.push({ sourceId, write: checked.write, hash: checked.hash });
    }
    const known = await repo.mappedIds(
      tx,
      options.source,
      'patients',
      good.map((g) => g.sourceId),
    );
    const born = new Map<string, (DuplicateKeys & { id: string })[]>();
    for (const b of await repo.bornOnAny(tx, [...new Set(good.map((g) => g.write.birthDate))])) {
      born.set(b.birthDate, [...(born.get(b.birthDate) ?? []), b]);
    }
    const { ids } = await upsert(tx, 'patients', 'patient', good, repo.insertPatients, repo.updatePatient);
    for (const row of good) {
      const id = ids.get(row.sourceId);
      if (!id) continue;
      patientIds.set(row.sourceId, id);
      if (known.has(row.sourceId)) continue;
      const keys = { ...row.write, id };
      const others = [
        ...(born.get(row.write.birthDate) ?? []),
        ...(seenInRun.get(row.write.birthDate) ?? []),
      ];
      const related = [
        ...new Set(others.filter((o) => o.id !== id && likelyDuplicate(keys, o)).map((o) => o.id)),
      ];
      if (related.length > 0) {
        const reason = 'likely duplicate of an existing patient (imported, flagged)';
        tally.of('patients').reasons[reason] = (tally.of('patients').reasons[reason] ?? 0) + 1;
        tally.find({
          table: 'patients',
          sourceId: row.sourceId,
          kind: 'duplicate',
          reason,
          related: related.slice(0, 10),
        });
      }
      const list = seenInRun.get(row.write.birthDate) ?? [];
      list.push(keys);
      seenInRun.set(row.write.birthDate, list);
    }
  });

  // References resolve to this source's records of any run, not only this one's.
  if ((data.appointments?.length || data.vitals?.length) && !options.dryRun) {
    for (const [k, v] of await repo.allMapped(db, options.source, 'patients'))
      if (!patientIds.has(k)) patientIds.set(k, v);
    for (const [k, v] of await repo.allMapped(db, options.source, 'practitioners'))
      if (!practitionerIds.has(k)) practitionerIds.set(k, v);
  }
  const orphan = (table: string, sourceId: string, what: 'patient' | 'practitioner', ref: string | null) => {
    const rejected = what === 'patient' && ref !== null && rejectedPatients.has(ref);
    const reason = rejected ? `its ${what} was rejected` : `refers to an unknown ${what}`;
    tally.count(table, 'rejected', reason);
    tally.find({ table, sourceId, kind: 'orphan', reason, related: ref ? [`${what} ${ref}`] : [] });
  };

  // Appointments: all read first, then swept in start order so overlaps are decided the same way every run.
  const appointmentRows = identified('appointments', data.appointments ?? []);
  type Candidate = { sourceId: string; write: AppointmentWrite; hash: string; patientId: string };
  const candidates: Candidate[] = [];
  for (const { sourceId, raw } of appointmentRows) {
    const patientRef = textOf(raw.patientId);
    const practitionerRef = textOf(raw.practitionerId);
    const patientId = patientRef && patientIds.get(patientRef);
    const practitionerId = practitionerRef && practitionerIds.get(practitionerRef);
    if (!patientId) orphan('appointments', sourceId, 'patient', patientRef);
    else if (!practitionerId) orphan('appointments', sourceId, 'practitioner', practitionerRef);
    else {
      const checked = checkAppointment(raw, { patientId, practitionerId }, values, options.timeZone);
      if ('problems' in checked) tally.reject('appointments', sourceId, checked.problems);
      else candidates.push({ sourceId, ...checked, patientId });
    }
  }
  candidates.sort(
    (a, b) => a.write.start.getTime() - b.write.start.getTime() || (a.sourceId < b.sourceId ? -1 : 1),
  );
  const holder = new Map<string, { end: number; sourceId: string }>();
  const kept: Candidate[] = [];
  const overlapped = (c: Candidate, reason: string, related: string[]) => {
    if (options.overlap === 'skip') {
      tally.count('appointments', 'skipped', `${reason} (skipped)`);
      tally.find({ table: 'appointments', sourceId: c.sourceId, kind: 'overlap', reason, related });
      return undefined;
    }
    const note = `Imported as cancelled: ${reason}${related.length ? ` (${related.join(', ')})` : ''}.`;
    const write = {
      ...c.write,
      status: 'cancelled' as const,
      notes: (c.write.notes ? `${note}\n${c.write.notes}` : note).slice(0, 4000),
    };
    tally.of('appointments').reasons[`${reason} (imported cancelled)`] =
      (tally.of('appointments').reasons[`${reason} (imported cancelled)`] ?? 0) + 1;
    tally.find({ table: 'appointments', sourceId: c.sourceId, kind: 'overlap', reason, related });
    return { ...c, write, hash: `${c.hash}:cancelled` } as Candidate;
  };
  for (const c of candidates) {
    if (!ACTIVE.has(c.write.status)) {
      kept.push(c);
      continue;
    }
    const start = c.write.start.getTime();
    const byDoctor = holder.get(`d:${c.write.practitionerId}`);
    const byPatient = holder.get(`p:${c.patientId}`);
    const clash =
      byDoctor && start < byDoctor.end
        ? ['the practitioner', byDoctor]
        : byPatient && start < byPatient.end
          ? ['the patient', byPatient]
          : undefined;
    if (clash) {
      const [who, other] = clash as [string, { sourceId: string }];
      const again = overlapped(c, `overlaps another appointment of ${who}`, [
        `appointment ${other.sourceId}`,
      ]);
      if (again) kept.push(again);
      continue;
    }
    const end = c.write.end.getTime();
    holder.set(`d:${c.write.practitionerId}`, {
      end: Math.max(end, byDoctor?.end ?? 0),
      sourceId: c.sourceId,
    });
    holder.set(`p:${c.patientId}`, { end: Math.max(end, byPatient?.end ?? 0), sourceId: c.sourceId });
    kept.push(c);
  }
  await batches(
    'appointments',
    kept,
    async (tx, batch) => {
      const { refused } = await upsert(
        tx,
        'appointments',
        'appointment',
        batch,
        repo.insertAppointments,
        repo.updateAppointment,
      );
      // Refused by the database: it overlaps an appointment that was there before this import.
      const again = refused
        .map((c) => overlapped(c as Candidate, 'overlaps an appointment already in the database', []))
        .filter((c) => c !== undefined);
      if (again.length > 0)
        await upsert(
          tx,
          'appointments',
          'appointment',
          again,
          repo.insertAppointments,
          repo.updateAppointment,
        );
    },
    lanes,
  );

  // Vitals → observations (LOINC): one per value; a bad value rejects that value, not the row's others.
  const vitalsRows = identified('vitals', data.vitals ?? []);
  await batches(
    'vitals',
    vitalsRows,
    async (tx, batch) => {
      const good = [];
      for (const { sourceId, raw } of batch) {
        const patientRef = textOf(raw.patientId);
        const patientId = patientRef && patientIds.get(patientRef);
        if (!patientId) {
          orphan('vitals', sourceId, 'patient', patientRef);
          continue;
        }
        const checked = checkVitals(raw, patientId, values, options.timeZone);
        // A bad value rejects that value (counted here by why); the row's other values still go in.
        if (checked.problems.length > 0) tally.reject('vitals', sourceId, checked.problems);
        for (const o of checked.observations) {
          tally.of('observations').read++;
          good.push({ sourceId: `${sourceId}/${o.code}`, write: o.write, hash: o.hash, patientId });
        }
      }
      await upsert(tx, 'observations', 'observation', good, repo.insertObservations, repo.updateObservation);
    },
    lanes,
  );

  const report: ImportReport = {
    runId: run.id,
    source: options.source,
    dryRun: options.dryRun,
    complete,
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    tables: tally.tables,
    findings: tally.findings,
    findingsOmitted: tally.omitted,
  };
  await repo.finishRun(db, run.id, report);
  return report;
}
