import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { CsvPreview, CsvUpload, ImportReport, Patient } from '@medicare/contracts';
import { auditEvents, patients } from '../../src/db/schema/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

/** The admins' CSV import of patients (issue 18 part 2): upload, guessed mapping, preview, run, rejected rows. */
let ctx: TestContext;
let existing: Patient;
beforeAll(async () => {
  ctx = await createTestApp();
  existing = await createPatient(ctx, { givenName: 'Sofia', familyName: 'Cohen', birthDate: '1971-04-02' });
});
afterAll(() => ctx.close());

const FILE = [
  'Patient ID;First Name;Surname;DOB;Gender;Mobile;E-mail;Zip',
  'P-1;Mara;Okafor;03/14/1985;F;555 201 3344;mara@example.org;02139',
  'P-2;Sophia;Cohen;02.04.1971;female;;;',
  'P-3;Tom;Ng;not known;M;;;',
  'P-4;=HYPERLINK("x");Ng;1999-01-01;M;;;',
  'P-5;Li;Wu;Jan 5 2001;X9;;;',
].join('\n');

const upload = (body: string | Buffer, type = 'text/csv', url = '/api/imports/csv?fileName=clinic.csv') =>
  ctx.inject({ method: 'POST', url, headers: { 'content-type': type }, payload: body });

async function uploaded(body = FILE): Promise<CsvUpload> {
  const res = await upload(body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<CsvUpload>();
}

describe('POST /api/imports/csv', () => {
  it('reads the header and guesses the mapping from it', async () => {
    const file = await uploaded();
    expect(file).toMatchObject({ fileName: 'clinic.csv', rowCount: 5 });
    expect(file.columns).toEqual([
      'Patient ID',
      'First Name',
      'Surname',
      'DOB',
      'Gender',
      'Mobile',
      'E-mail',
      'Zip',
    ]);
    expect(file.mapping).toEqual({
      sourceId: 'Patient ID',
      givenName: 'First Name',
      familyName: 'Surname',
      birthDate: 'DOB',
      sex: 'Gender',
      phone: 'Mobile',
      email: 'E-mail',
      postalCode: 'Zip',
    });
    const again = await ctx.inject({ url: `/api/imports/csv/${file.id}` });
    expect(again.json()).toEqual(file);
  });

  it('refuses what is not a readable CSV file, with the one error body', async () => {
    expect((await upload(JSON.stringify('a,b'), 'application/json')).statusCode).toBe(415);
    expect((await upload('a,b', 'text/plain')).statusCode).toBe(415);
    const latin1 = await upload(Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x0a]));
    expect(latin1.statusCode).toBe(422);
    expect(latin1.json()).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: expect.stringContaining('UTF-8'),
    });
    expect((await upload('')).statusCode).toBe(422);
    expect((await upload('a,"b\n1,2')).json()).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    expect((await upload('id,id\n1,2')).statusCode).toBe(422);
    const big = await upload(`name\n${'x'.repeat(5 * 1024 * 1024)}`);
    expect(big.statusCode).toBe(413);
    expect(
      (await ctx.inject({ url: '/api/imports/csv/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
  });
});

describe('preview and run', () => {
  let file: CsvUpload;
  let report: ImportReport;
  beforeAll(async () => {
    file = await uploaded();
  });

  it('previews the first rows as they would be stored, each with its problems and likely duplicates', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${file.id}/preview`,
      payload: { mapping: file.mapping, limit: 10 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { rows, rowCount } = res.json<CsvPreview>();
    expect(rowCount).toBe(5);
    expect(rows[0]).toMatchObject({
      line: 2,
      values: {
        givenName: 'Mara',
        familyName: 'Okafor',
        birthDate: '1985-03-14',
        sex: 'female',
        email: 'mara@example.org',
      },
      problems: [],
      duplicateOf: [],
    });
    expect(rows[1]).toMatchObject({ problems: [], duplicateOf: [existing.id] });
    expect(rows[2]!.problems).toEqual([
      { field: 'birthDate', message: expect.stringContaining('not a date') },
    ]);
    expect(rows[4]!.problems).toEqual([{ field: 'sex', message: 'is not a known sex code' }]);
  });

  it('refuses a mapping that names a column the file does not have', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${file.id}/preview`,
      payload: { mapping: { ...file.mapping, phone: 'Telephone' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: '/mapping', message: 'the file has no column "Telephone"' }]);
  });

  it('imports with the engine of the SQLite migration and reports by reason', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${file.id}/run`,
      payload: { mapping: file.mapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    report = res.json<ImportReport>();
    expect(report.tables.patients).toMatchObject({ read: 5, imported: 3, rejected: 2 });
    expect(report.findings.find((f) => f.kind === 'duplicate')).toMatchObject({
      sourceId: 'id:P-2',
      related: [existing.id],
    });
    const events = await ctx.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'import'));
    expect(
      events.filter((e) => e.resourceType === 'patient' && e.actorId === ctx.inject.userId),
    ).toHaveLength(3);
    const stored = await ctx.inject({ url: `/api/imports/csv/${file.id}/report` });
    expect(stored.json()).toEqual(report);
  });

  it('gives the rejected rows back as CSV, as uploaded, with their problems (formulas defused)', async () => {
    const res = await ctx.inject({ url: `/api/imports/csv/${file.id}/rejected` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(res.body) as string[][];
    expect(rows[0]).toEqual(['line', ...file.columns, 'problems']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r.at(-1)])).toEqual([
      ['4', 'P-3', expect.stringContaining('birthDate')],
      ['6', 'P-5', 'sex is not a known sex code'],
    ]);
  });

  it('creates nothing twice when the same rows come again', async () => {
    const count = async () =>
      (await ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(patients))[0]!.n;
    const before = await count();
    const again = await uploaded();
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${again.id}/run`,
      payload: { mapping: again.mapping },
    });
    expect(res.json<ImportReport>().tables.patients).toMatchObject({ imported: 0, skipped: 3, rejected: 2 });
    expect(await count()).toBe(before);
  });

  it('two admins running one file at once import each row once', async () => {
    const twice = await uploaded(
      'id,name,dob,sex\nQ-1,Ines Duarte,1966-06-06,F\nQ-2,Omar Said,1967-07-07,M\n',
    );
    const runs = await Promise.all(
      [0, 1].map(() =>
        ctx.inject({
          method: 'POST',
          url: `/api/imports/csv/${twice.id}/run`,
          payload: { mapping: twice.mapping },
        }),
      ),
    );
    const imported = runs.map((r) => r.json<ImportReport>().tables.patients!.imported);
    expect(imported.reduce((a, b) => a + b)).toBe(2);
    const rows = await ctx.database.db.select().from(patients).where(eq(patients.familyName, 'Duarte'));
    expect(rows).toHaveLength(1);
  });

  it('a dry run writes nothing', async () => {
    const other = await uploaded('name,dob,sex\nDr Ada Byron,1990-01-01,F\n');
    expect(other.mapping).toMatchObject({ fullName: 'name', birthDate: 'dob', sex: 'sex' });
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${other.id}/run`,
      payload: { mapping: other.mapping, dryRun: true },
    });
    expect(res.json<ImportReport>()).toMatchObject({ dryRun: true, tables: { patients: { imported: 1 } } });
    const ada = await ctx.database.db.select().from(patients).where(eq(patients.familyName, 'Byron'));
    expect(ada).toHaveLength(0);
  });

  it('is for admins only', async () => {
    const desk = await ctx.as('front_desk');
    expect((await desk({ url: `/api/imports/csv/${file.id}` })).statusCode).toBe(403);
  });
});

describe('the messages of a preview and of the rejected rows', () => {
  // Line 3 is blank, line 5's address spans two lines, line 8 is blank: the lines are the file's own.
  const MESSY = [
    'Patient ID,First Name,Surname,DOB,Gender,E-mail,Address',
    'M-1,Ines,Barros,1980-01-31,F,ines.barros@,',
    '',
    'M-2,,,1981-02-01,M,,',
    'M-3,Rui,Lopes,1982-03-04,M,,"Rua Augusta 1',
    'Lisboa"',
    'M-4,Ana,Reis,1983-04-05,F,,',
    '',
    'M-5,Eva,Pinto,1984-05-06,F,not an address,',
  ].join('\r\n');

  it('gives each row the line of the file it starts on, counting blank lines and line breaks in cells', async () => {
    const messy = await uploaded(MESSY);
    expect(messy.rowCount).toBe(5);
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${messy.id}/preview`,
      payload: { mapping: messy.mapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { rows } = res.json<CsvPreview>();
    expect(rows.map((r) => r.line)).toEqual([2, 4, 5, 7, 9]);
    expect(rows[2]!.values.address).toBe('Rua Augusta 1\nLisboa');
  });

  it('says once what is wrong with an e-mail address or a blank name', async () => {
    const messy = await uploaded(MESSY);
    const res = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${messy.id}/preview`,
      payload: { mapping: messy.mapping },
    });
    const { rows } = res.json<CsvPreview>();
    expect(rows[0]!.problems).toEqual([
      { field: 'email', message: 'must be an e-mail address, like name@example.com' },
    ]);
    expect(rows[1]!.problems).toEqual([
      { field: 'givenName', message: 'must not be blank' },
      { field: 'familyName', message: 'must not be blank' },
    ]);
    expect(rows[4]!.problems).toEqual([
      { field: 'email', message: 'must be an e-mail address, like name@example.com' },
    ]);
  });

  it('gives the rejected rows back with the lines of the file', async () => {
    const messy = await uploaded(MESSY);
    const run = await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${messy.id}/run`,
      payload: { mapping: messy.mapping, dryRun: true },
    });
    expect(run.statusCode, run.body).toBe(200);
    const res = await ctx.inject({ url: `/api/imports/csv/${messy.id}/rejected` });
    const rows = parse(res.body) as string[][];
    expect(rows.slice(1).map((r) => [r[0], r[1], r.at(-1)])).toEqual([
      ['2', 'M-1', 'email must be an e-mail address, like name@example.com'],
      ['4', 'M-2', 'givenName must not be blank; familyName must not be blank'],
      ['9', 'M-5', 'email must be an e-mail address, like name@example.com'],
    ]);
  });
});
