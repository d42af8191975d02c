import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '@medicare/contracts';
import { writeLegacyDb, type LegacyRows } from '../../scripts/import/legacy-db.js';
import {
  appointments,
  auditEvents,
  importRecords,
  observations,
  patients,
  practitioners,
} from '../../src/db/schema/index.js';
import {
  importSqlite,
  MappingError,
  reportMarkdown,
  type SqliteImport,
} from '../../src/modules/imports/index.js';
import { createTestApp, type TestContext } from '../support/app.js';

/**
 * The SQLite migration on a generated messy legacy clinic (issue 18): every rule, a second run, an
 * interrupted run resumed, the report. The legacy file is written by the same generator as the bench.
 */
const TZ = 'America/New_York';
const MESSY: LegacyRows = {
  doctors: [
    [1, 'Dr Jane Smith', 'Cardiology'],
    [2, 'Smith, John', 'General practice'],
    [3, '', null],
  ],
  patients: [
    [1, 'Ann', 'Lee', '1980-01-31', 'F', '555-123-4567', 'Ann@Example.org', '1 Main St', null],
    [2, 'Bob', 'Stone', '01/31/1980', 'M', null, null, null, null],
    [3, 'Cara', 'Diaz', '31.01.1980', '0', null, null, null, null],
    [4, 'Dan', 'Fox', 'Jan 31 1980', 'male', null, null, null, null],
    [5, 'Eve Adams', '', '1975-05-05', '', null, null, null, null],
    [6, 'ann', 'LEE', '1980-01-31', 'f', null, null, null, null],
    [7, 'Gil', 'Hay', '2999-01-01', 'M', null, null, null, null],
    [8, 'Hal', 'Ivy', 'not a date', 'M', null, null, null, null],
    [9, 'Ida', 'Jay', '1990-02-30', 'F', null, null, null, null],
    [10, 'Jo', 'Kim', '1985-03-03', 'Q', null, null, null, null],
    [11, 'Kai', 'Lum', '1970-01-01', 'M', 'call me', null, null, null],
  ],
  appointments: [
    [1, 1, 1, '2024-03-10', '09:00', 30, 'scheduled', 'first'],
    [2, 2, 1, '2024-03-10', '09:15', 30, 'Scheduled', null],
    [3, 3, 1, '03/10/2024', '9:30 AM', 30, 'completed', null],
    [4, 999, 1, '2024-03-11', '09:00', 30, 'scheduled', null],
    [5, 7, 2, '2024-03-11', '09:00', 30, 'scheduled', null],
    [6, 4, 2, '2024-03-10', '02:30', 30, 'booked', null],
    [7, 4, 2, '2024-11-03', '01:30', 60, 'booked', null],
    [8, 1, 2, '2024-03-10', '09:10', 20, 'booked', null],
    [9, 5, 1, '2024-03-12', '09:00', 30, 'weird', null],
  ],
  vitals: [
    [1, 1, '2024-01-05 10:00', 120, 80, 190, 50, '1'],
    [2, 2, '01/05/2024', 500, 80, null, null, '0'],
    [3, 999, '2024-01-05', 120, 80, null, null, null],
  ],
};

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestApp();
  dir = mkdtempSync(join(tmpdir(), 'medicare-import-'));
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
function legacyFile(rows: LegacyRows = MESSY): string {
  const file = join(dir, `clinic-${++files}.db`);
  writeLegacyDb(file, rows);
  return file;
}

const run = (file: string, options: Partial<SqliteImport> = {}) =>
  importSqlite(ctx.database, {
    file,
    timeZone: TZ,
    overlap: 'cancel',
    dryRun: false,
    // Independent batches (appointments, observations) two at a time, as the CLI does on PostgreSQL.
    lanes: 2,
    ...options,
  });

async function mapped(source: string, table: string, sourceId: string): Promise<string> {
  const [row] = await ctx.database.db
    .select({ id: importRecords.targetId })
    .from(importRecords)
    .where(
      and(
        eq(importRecords.source, source),
        eq(importRecords.sourceTable, table),
        eq(importRecords.sourceId, sourceId),
      ),
    );
  return row!.id;
}

const count = async (table: typeof patients | typeof appointments | typeof observations) =>
  (await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('npm run import -- sqlite', () => {
  let report: ImportReport;
  let file: string;
  const source = 'messy-clinic';
  beforeAll(async () => {
    file = legacyFile();
    report = await run(file, { source });
  });

  it('counts every row by table and by reason', () => {
    expect(report.complete).toBe(true);
    expect(report.tables.practitioners).toMatchObject({ read: 3, imported: 2, rejected: 1 });
    expect(report.tables.patients).toMatchObject({
      read: 11,
      imported: 6,
      updated: 0,
      skipped: 0,
      rejected: 5,
    });
    expect(report.tables.patients!.reasons).toMatchObject({
      'birthDate must not be in the future': 1,
      'sex is not a known sex code': 1,
      'likely duplicate of an existing patient (imported, flagged)': 1,
    });
    expect(report.tables.appointments).toMatchObject({ read: 9, imported: 6, rejected: 3 });
    expect(report.tables.observations).toMatchObject({ read: 7, imported: 7 });
    expect(report.tables.vitals).toMatchObject({ read: 3, rejected: 2 });
  });

  it('reads dates in four formats, sex codes, and full names in one column', async () => {
    for (const id of ['1', '2', '3', '4']) {
      const [p] = await ctx.database.db
        .select()
        .from(patients)
        .where(eq(patients.id, await mapped(source, 'patients', id)));
      expect(p!.birthDate).toBe('1980-01-31');
    }
    const [cara] = await ctx.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await mapped(source, 'patients', '3')));
    expect(cara!.sex).toBe('female');
    const [eve] = await ctx.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await mapped(source, 'patients', '5')));
    expect(eve).toMatchObject({ givenName: 'Eve', familyName: 'Adams', sex: 'unknown' });
    const [ann] = await ctx.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await mapped(source, 'patients', '1')));
    expect(ann).toMatchObject({ email: 'ann@example.org', address: { line: '1 Main St' } });
    const [jane] = await ctx.database.db
      .select()
      .from(practitioners)
      .where(eq(practitioners.id, await mapped(source, 'practitioners', '1')));
    expect(jane).toMatchObject({
      givenName: 'Jane',
      familyName: 'Smith',
      specialty: 'Cardiology',
      timeZone: TZ,
    });
  });

  it('rejects invalid rows with the API’s reasons, flags likely duplicates without merging', () => {
    const rejected = (id: string) => report.findings.find((f) => f.table === 'patients' && f.sourceId === id);
    expect(rejected('7')).toMatchObject({
      kind: 'rejected',
      problems: [{ field: 'birthDate', message: 'must not be in the future' }],
    });
    expect(rejected('8')!.problems[0]!.field).toBe('birthDate');
    expect(rejected('9')!.problems[0]).toMatchObject({
      field: 'birthDate',
      message: 'is not a calendar date',
    });
    expect(rejected('11')!.problems[0]!.field).toBe('phone');
    const duplicate = report.findings.find((f) => f.kind === 'duplicate');
    expect(duplicate).toMatchObject({ table: 'patients', sourceId: '6' });
    return mapped(source, 'patients', '1').then((annId) => expect(duplicate!.related).toContain(annId));
  });

  it('reads local times in the time zone across both DST changes', async () => {
    const startOf = async (id: string) =>
      (
        await ctx.database.db
          .select()
          .from(appointments)
          .where(eq(appointments.id, await mapped(source, 'appointments', id)))
      )[0]!;
    expect((await startOf('1')).start.toISOString()).toBe('2024-03-10T13:00:00.000Z');
    // 02:30 does not exist that night in New York: read with the offset before the change (03:30 EDT).
    expect((await startOf('6')).start.toISOString()).toBe('2024-03-10T07:30:00.000Z');
    // 01:30 happens twice on 3 November: the first (EDT).
    expect((await startOf('7')).start.toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(await startOf('3')).toMatchObject({ status: 'fulfilled' });
  });

  it('never double-books: overlaps are reported by id and imported cancelled with the reason', async () => {
    const overlap = report.findings.filter((f) => f.kind === 'overlap');
    expect(overlap.map((f) => [f.sourceId, f.related])).toEqual([
      ['8', ['appointment 1']],
      ['2', ['appointment 1']],
    ]);
    for (const id of ['2', '8']) {
      const [a] = await ctx.database.db
        .select()
        .from(appointments)
        .where(eq(appointments.id, await mapped(source, 'appointments', id)));
      expect(a!.status).toBe('cancelled');
      expect(a!.notes).toMatch(
        /^Imported as cancelled: overlaps another appointment of the (practitioner|patient) \(appointment 1\)/,
      );
    }
  });

  it('reports orphans, naming a rejected parent apart from an unknown one', () => {
    const orphans = report.findings
      .filter((f) => f.kind === 'orphan')
      .map((f) => [f.table, f.sourceId, f.reason]);
    expect(orphans).toEqual([
      ['appointments', '4', 'refers to an unknown patient'],
      ['appointments', '5', 'its patient was rejected'],
      ['vitals', '3', 'refers to an unknown patient'],
    ]);
  });

  it('turns vitals into observations with the observations module’s LOINC codes and checks', async () => {
    const ann = await mapped(source, 'patients', '1');
    const rows = await ctx.database.db.select().from(observations).where(eq(observations.patientId, ann));
    expect(rows.map((o) => o.code).sort()).toEqual(['2085-9', '2093-3', '72166-2', '8462-4', '8480-6']);
    expect(rows.find((o) => o.code === '72166-2')!.valueText).toBe('current');
    const bad = report.findings.find((f) => f.table === 'vitals' && f.sourceId === '2');
    expect(bad!.problems[0]!.field).toBe('systolic');
  });

  it('audits every imported record as an import by the operator (the first admin)', async () => {
    const events = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.requestId, `import:${report.runId}`));
    expect(events).toHaveLength(2 + 6 + 6 + 7);
    expect(new Set(events.map((e) => `${e.action} ${e.actorId} ${e.actorRole}`))).toEqual(
      new Set([`import ${ctx.inject.userId} admin`]),
    );
  });

  it('creates nothing twice when run again, and updates what changed', async () => {
    const before = [await count(patients), await count(appointments), await count(observations)];
    const again = await run(file, { source });
    expect(again.tables.patients).toMatchObject({ imported: 0, updated: 0, skipped: 6, rejected: 5 });
    expect(again.tables.appointments).toMatchObject({ imported: 0, updated: 0, skipped: 6 });
    expect(again.tables.observations).toMatchObject({ imported: 0, skipped: 7 });
    expect([await count(patients), await count(appointments), await count(observations)]).toEqual(before);

    const changed = legacyFile({
      ...MESSY,
      patients: MESSY.patients!.map((p) =>
        p[0] === 2 ? [...p.slice(0, 5), '+1 555 987 6543', ...p.slice(6)] : p,
      ),
    });
    const third = await run(changed, { source });
    expect(third.tables.patients).toMatchObject({ imported: 0, updated: 1, skipped: 5 });
    const [bob] = await ctx.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await mapped(source, 'patients', '2')));
    expect(bob).toMatchObject({ phone: '+1 555 987 6543', version: 2 });
  });

  it('writes a Markdown report with the counts and the findings', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('| patients | 11 | 6 | 0 | 0 | 5 |');
    expect(md).toContain('| appointments | 8 | overlap |');
  });
});

describe('an interrupted import', () => {
  it('keeps the batches that committed and resumes on the next run, creating nothing twice', async () => {
    const file = legacyFile();
    const source = 'interrupted';
    const controller = new AbortController();
    const first = await run(file, {
      source,
      batchSize: 2,
      lanes: 1,
      signal: controller.signal,
      onProgress: (table, done) => {
        if (table === 'patients' && done >= 4) controller.abort();
      },
    });
    expect(first.complete).toBe(false);
    expect(first.tables.patients!.imported).toBe(4);
    expect(first.tables.appointments).toMatchObject({ imported: 0 });
    const second = await run(file, { source, batchSize: 2 });
    expect(second.complete).toBe(true);
    expect(second.tables.patients).toMatchObject({ imported: 2, skipped: 4 });
    expect(second.tables.appointments).toMatchObject({ imported: 6 });
    const records = await ctx.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(importRecords)
      .where(and(eq(importRecords.source, source), eq(importRecords.sourceTable, 'patients')));
    expect(records[0]!.n).toBe(6);
  });
});

describe('options', () => {
  it('--dry-run writes nothing and reports what it would do', async () => {
    const before = [await count(patients), await count(appointments)];
    const report = await run(legacyFile(), { source: 'dry', dryRun: true });
    expect(report).toMatchObject({ dryRun: true, complete: true });
    expect(report.tables.patients).toMatchObject({ imported: 6, rejected: 5 });
    expect([await count(patients), await count(appointments)]).toEqual(before);
  });

  it('--overlap skip leaves overlapping appointments out, reported by id', async () => {
    const report = await run(legacyFile(), { source: 'skipping', overlap: 'skip' });
    expect(report.tables.appointments).toMatchObject({ imported: 4, skipped: 2 });
    expect(report.findings.filter((f) => f.kind === 'overlap').map((f) => f.sourceId)).toEqual(['8', '2']);
  });

  it('an appointment that overlaps one already in the database is not double-booked', async () => {
    // Booked at the desk after the first import; the next run brings a legacy appointment at that time.
    const booked = await ctx.inject({
      method: 'POST',
      url: '/api/appointments',
      payload: {
        patientId: await mapped('messy-clinic', 'patients', '4'),
        practitionerId: await mapped('messy-clinic', 'practitioners', '1'),
        start: '2024-03-15T14:00:00Z',
        end: '2024-03-15T14:30:00Z',
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const file = legacyFile({
      ...MESSY,
      appointments: [...MESSY.appointments!, [10, 2, 1, '2024-03-15', '10:00', 30, 'booked', null]],
    });
    const report = await run(file, { source: 'messy-clinic' });
    const clash = report.findings.find((f) => f.reason === 'overlaps an appointment already in the database');
    expect(clash).toMatchObject({ table: 'appointments', sourceId: '10', kind: 'overlap' });
    expect(report.tables.appointments).toMatchObject({ imported: 1 });
    const [a] = await ctx.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.id, await mapped('messy-clinic', 'appointments', '10')));
    expect(a).toMatchObject({ status: 'cancelled' });
  });

  it('a mapping file names other tables, columns and codes', async () => {
    const file = join(dir, 'other-shape.db');
    writeLegacyDb(file, {});
    const Better = (await import('better-sqlite3')).default;
    const db = new Better(file);
    db.exec(`create table people (pid text, whole_name text, born text, g text)`);
    db.prepare(`insert into people values (?, ?, ?, ?)`).run('A-1', 'Dr Mia Wong', '12.05.1990', 'W');
    db.prepare(`insert into people values (?, ?, ?, ?)`).run('A-2', 'Noor Ali', '1991-06-01', 'X9');
    db.close();
    const report = await run(file, {
      source: 'mapped',
      mappingFile: {
        tables: {
          patients: {
            table: 'people',
            columns: {
              sourceId: 'pid',
              fullName: 'whole_name',
              birthDate: 'born',
              sex: 'g',
              givenName: null,
              familyName: null,
              phone: null,
              email: null,
              address: null,
            },
          },
          appointments: null,
          vitals: null,
          practitioners: null,
        },
        values: { sex: { x9: 'other' } },
      },
    });
    expect(report.tables.patients).toMatchObject({ read: 2, imported: 2 });
    const [mia] = await ctx.database.db
      .select()
      .from(patients)
      .where(eq(patients.id, await mapped('mapped', 'patients', 'A-1')));
    expect(mia).toMatchObject({
      givenName: 'Mia',
      familyName: 'Wong',
      birthDate: '1990-05-12',
      sex: 'female',
    });
  });

  it('two runs of one source at once create each record once', async () => {
    const file = legacyFile();
    const [a, b] = await Promise.all([run(file, { source: 'twice' }), run(file, { source: 'twice' })]);
    expect(a.tables.patients!.imported + b.tables.patients!.imported).toBe(6);
    expect(a.tables.appointments!.imported + b.tables.appointments!.imported).toBe(6);
    const records = await ctx.database.db
      .select({ n: sql<number>`count(distinct target_id)::int` })
      .from(importRecords)
      .where(and(eq(importRecords.source, 'twice'), eq(importRecords.sourceTable, 'patients')));
    expect(records[0]!.n).toBe(6);
  });

  it('an absurd duration is a rejected row, not a failed import', async () => {
    const report = await run(
      legacyFile({
        ...MESSY,
        appointments: [
          [1, 1, 1, '2024-05-01', '09:00', 1e15, 'booked', null],
          [2, 1, 1, '2024-05-02', '09:00', -30, 'booked', null],
        ],
      }),
      { source: 'durations' },
    );
    expect(report.tables.appointments).toMatchObject({ imported: 0, rejected: 2 });
    expect(
      report.findings.filter((f) => f.table === 'appointments').map((f) => f.problems[0]!.field),
    ).toEqual(['durationMinutes', 'durationMinutes']);
  });

  it('a bad mapping file or an unknown operator is a clear error, nothing imported', async () => {
    await expect(
      run(legacyFile(), { mappingFile: { tables: { patients: { colums: {} } } } }),
    ).rejects.toThrow(MappingError);
    await expect(
      run(legacyFile(), { mappingFile: { tables: { patients: { columns: { shoeSize: 'x' } } } } }),
    ).rejects.toThrow(/shoeSize is not a field/);
    await expect(run(legacyFile(), { operatorEmail: 'nobody@example.org' })).rejects.toThrow(/no such user/);
    await expect(run(legacyFile(), { timeZone: 'Mars/Olympus' })).rejects.toThrow(/not an IANA time zone/);
    const notSqlite = join(dir, 'not-a-database.db');
    writeFileSync(notSqlite, 'id,name\n1,Ann\n');
    await expect(run(notSqlite)).rejects.toThrow(/not a SQLite database/);
    await expect(run(join(dir, 'missing.db'))).rejects.toThrow(MappingError);
  });
});
