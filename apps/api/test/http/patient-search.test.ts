import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ErrorBody, Patient, PatientPage } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { createPatient, patientInput } from '../support/factories.js';

// Matching and ranking rules of GET /api/patients?q= (decision 065) and the near-duplicate warning,
// on both engines. No timings here: speed is measured by `npm run bench`.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const search = async (q: string, extra = '') => {
  const res = await ctx.inject(`/api/patients?q=${encodeURIComponent(q)}${extra}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<PatientPage>().items.map((p) => p.id);
};

describe('search by name words', () => {
  let sofia: Patient, sofyan: Patient, mar: Patient, marta: Patient, hyphen: Patient, gone: Patient;
  beforeAll(async () => {
    sofia = await createPatient(ctx, { givenName: 'Sofia', familyName: 'Cohen', birthDate: '1943-01-21' });
    sofyan = await createPatient(ctx, { givenName: 'Sofyan', familyName: 'Okafor', birthDate: '1980-02-02' });
    marta = await createPatient(ctx, { givenName: 'Marta', familyName: 'Quiroga' });
    mar = await createPatient(ctx, { givenName: 'Mar', familyName: 'Quintero' });
    hyphen = await createPatient(ctx, { givenName: 'Anne-Marie', familyName: "O'Neil" });
    gone = await createPatient(ctx, { givenName: 'Sofia', familyName: 'Cohenova' });
    expect((await ctx.inject({ method: 'DELETE', url: `/api/patients/${gone.id}` })).statusCode).toBe(204);
  });

  it('matches word prefixes in any order', async () => {
    expect(await search('sof coh')).toEqual([sofia.id]);
    expect(await search('COH SOF')).toEqual([sofia.id]);
    expect(await search('cohen sofia')).toEqual([sofia.id]);
    expect(await search('sof okafor')).toEqual([sofyan.id]);
    expect(await search('sof zzz')).toEqual([]);
  });

  it('puts a whole word before longer words it starts', async () => {
    const ids = await search('mar');
    expect(ids.indexOf(mar.id)).toBeLessThan(ids.indexOf(marta.id));
    expect(ids).toEqual(expect.arrayContaining([mar.id, marta.id, hyphen.id]));
  });

  it('finds parts of hyphenated and apostrophed names, and the name without its punctuation', async () => {
    // Each finds the name first; misspellings of the word may fill the rest of the page.
    for (const q of ['marie', 'neil', 'oneil', "o'neil anne", 'anne-marie'])
      expect((await search(q))[0]).toBe(hyphen.id);
  });

  it('fills a short page with misspellings only after the prefix matches, and only close ones', async () => {
    // "sofya" starts Sofyan's name; Sofia is a misspelling of it and comes after.
    expect(await search('sofya')).toEqual([sofyan.id, sofia.id]);
    expect(await search('sofxyz')).toEqual([]);
    expect(await search('cohne')).toEqual([sofia.id]);
  });

  it('leaves deleted patients out of prefix and fuzzy matches', async () => {
    expect(await search('cohenov')).not.toContain(gone.id);
    expect(await search('cohenova')).not.toContain(gone.id);
    expect(await search('sofia coh')).toEqual([sofia.id]);
  });

  it('pages prefix matches and then fuzzy ones without repeating anyone', async () => {
    const first = (await ctx.inject('/api/patients?q=sofya&limit=1')).json<PatientPage>();
    expect(first.items.map((p) => p.id)).toEqual([sofyan.id]);
    const second = (
      await ctx.inject(`/api/patients?q=sofya&limit=1&cursor=${first.nextCursor}`)
    ).json<PatientPage>();
    expect(second.items.map((p) => p.id)).toEqual([sofia.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('audits each search once, naming the patients it showed', async () => {
    const res = await ctx.inject('/api/patients?q=sofya&limit=1');
    const events = await auditOf(ctx.database, res);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'search', outcome: 'success', resultIds: [sofyan.id] });
    const other = await ctx.inject('/api/patients?q=03%2F15%2F1933');
    expect((await auditOf(ctx.database, other))[0]).toMatchObject({ action: 'search', outcome: 'success' });
  });

  it('follows a renamed patient', async () => {
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${marta.id}`,
      payload: patientInput({ givenName: 'Martina', familyName: 'Quiroga', phone: marta.phone! }),
      headers: { 'if-match': '"1"' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await search('martin quir')).toEqual([marta.id]);
    expect(await search('quiroga marta')).toEqual([]);
  });
});

describe('search by birth date, phone, e-mail and MRN', () => {
  let ruth: Patient, other: Patient;
  beforeAll(async () => {
    ruth = await createPatient(ctx, {
      givenName: 'Ruth',
      familyName: 'Bader',
      birthDate: '1933-03-15',
      phone: '+1 (202) 555-0147',
      email: 'ruth.bader@court.test',
    });
    other = await createPatient(ctx, { givenName: 'Ruthie', familyName: 'Bloom', birthDate: '1933-03-15' });
  });

  it("reads a birth date typed in ISO form or in the clinic's format (en-US by default)", async () => {
    expect((await search('1933-03-15')).sort()).toEqual([ruth.id, other.id].sort());
    expect((await search('03/15/1933')).sort()).toEqual([ruth.id, other.id].sort());
    expect(await search('15/03/1933')).toEqual([]);
  });

  it('combines a date with name words, and agrees with the birthDate filter', async () => {
    expect(await search('bader 03/15/1933')).toEqual([ruth.id]);
    expect(await search('ruth', '&birthDate=1933-03-15')).toEqual([ruth.id, other.id]);
    expect(await search('03/15/1933', '&birthDate=1933-03-16')).toEqual([]);
  });

  it('matches phone digits from the start or the end, email and MRN by prefix', async () => {
    expect(await search('12025550147')).toEqual([ruth.id]);
    expect(await search('202-555-0147')).toEqual([ruth.id]);
    expect(await search('555-0147')).toEqual([ruth.id]);
    expect(await search('RUTH.BADER@')).toEqual([ruth.id]);
    expect(await search(ruth.mrn.toLowerCase())).toEqual([ruth.id]);
  });
});

describe('a patient-role caller', () => {
  it('finds only their own record, by any of its keys', async () => {
    const me = await createPatient(ctx, {
      givenName: 'Selma',
      familyName: 'Lagerlof',
      birthDate: '1958-11-20',
    });
    const twin = await createPatient(ctx, {
      givenName: 'Selma',
      familyName: 'Lagerlund',
      birthDate: '1958-11-20',
    });
    const caller = await ctx.as('patient', me.id);
    for (const q of ['selma', 'lager selma', '11/20/1958', me.mrn]) {
      const res = await caller(`/api/patients?q=${encodeURIComponent(q)}`);
      expect(res.json<PatientPage>().items.map((p) => p.id)).toEqual([me.id]);
    }
    expect(twin.id).not.toBe(me.id);
  });
});

describe('near-duplicate warning before create', () => {
  const post = (payload: object) => ctx.inject({ method: 'POST', url: '/api/patients', payload });
  const candidatesOf = async (payload: object) => {
    const res = await post(payload);
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json<ErrorBody>();
    expect(body.code).toBe('PATIENT_POSSIBLE_DUPLICATE');
    return body.details?.candidateIds;
  };

  it('warns of a similar name born the same day (Sofia / Sophia, names swapped)', async () => {
    const first = await createPatient(ctx, {
      givenName: 'Sofia',
      familyName: 'Rosenthal',
      birthDate: '1950-06-01',
    });
    expect(
      await candidatesOf(
        patientInput({ givenName: 'Sophia', familyName: 'Rosenthal', birthDate: '1950-06-01' }),
      ),
    ).toEqual([first.id]);
    expect(
      await candidatesOf(
        patientInput({ givenName: 'Rosenthal', familyName: 'Sofia', birthDate: '1950-06-01' }),
      ),
    ).toEqual([first.id]);
  });

  it('warns of the same phone digits born the same day, whatever the name', async () => {
    const first = await createPatient(ctx, {
      givenName: 'Lin',
      familyName: 'Wei',
      birthDate: '1972-09-09',
      phone: '+1 617 555 0123',
    });
    const payload = patientInput({
      givenName: 'Wei',
      familyName: 'Lynn',
      birthDate: '1972-09-09',
      phone: '(617) 555-0123'.replace('(', '+1 ('),
    });
    expect(await candidatesOf(payload)).toEqual([first.id]);
    expect(
      (await ctx.inject({ method: 'POST', url: '/api/patients?allowDuplicate=true', payload })).statusCode,
    ).toBe(201);
  });

  it('does not warn of a different name, a different birth date, or a deleted record', async () => {
    await createPatient(ctx, { givenName: 'Ana', familyName: 'Castellano', birthDate: '1966-03-03' });
    expect(
      (await post(patientInput({ givenName: 'Eva', familyName: 'Castellano', birthDate: '1966-03-03' })))
        .statusCode,
    ).toBe(201);
    expect(
      (await post(patientInput({ givenName: 'Ana', familyName: 'Castellano', birthDate: '1966-03-04' })))
        .statusCode,
    ).toBe(201);
    const gone = await createPatient(ctx, {
      givenName: 'Tove',
      familyName: 'Jansson',
      birthDate: '1914-08-09',
    });
    await ctx.inject({ method: 'DELETE', url: `/api/patients/${gone.id}` });
    expect(
      (await post(patientInput({ givenName: 'Tove', familyName: 'Jansson', birthDate: '1914-08-09' })))
        .statusCode,
    ).toBe(201);
  });
});

describe('the hot statements (decision 095)', () => {
  const planMode = async (ex: typeof ctx.database.db) =>
    ((await ex.execute(sql`show plan_cache_mode`)) as unknown as { rows: { plan_cache_mode: string }[] })
      .rows[0]!.plan_cache_mode;

  it('run on connections that plan them once; everything else keeps per-value plans', async () => {
    if (ctx.database.kind === 'pglite') {
      expect(ctx.database.hot).toBe(ctx.database.db);
      return;
    }
    expect(await planMode(ctx.database.hot)).toBe('force_generic_plan');
    expect(await planMode(ctx.database.db)).toBe('auto');
  });

  it('answer the same with a generic plan, run after run (past the five custom plans)', async () => {
    const ana = await createPatient(ctx, { givenName: 'Genericia', familyName: 'Planova' });
    const other = await createPatient(ctx, { givenName: 'Generico', familyName: 'Zeta' });
    for (let i = 0; i < 8; i++) {
      expect(await search('generici plan')).toEqual([ana.id]);
      expect(await search('generic')).toEqual([ana.id, other.id]);
      expect(await search('xqzw')).toEqual([]);
      const read = await ctx.inject(`/api/patients/${other.id}`);
      expect(read.json<Patient>().id).toBe(other.id);
    }
    const missing = await ctx.inject('/api/patients/00000000-0000-4000-8000-00000000abcd');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorBody>().code).toBe('PATIENT_NOT_FOUND');
  });
});
