import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, Patient, PatientPage } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient, patientInput } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const expectError = (body: ErrorBody, code: string) => {
  expect(body.code).toBe(code);
  expect(body.message).toEqual(expect.any(String));
  expect(body.requestId).toEqual(expect.any(String));
};

describe('POST /api/patients', () => {
  it('registers a patient with a generated MRN, a version and an ETag', async () => {
    const input = patientInput();
    const res = await ctx.inject({ method: 'POST', url: '/api/patients', payload: input });
    expect(res.statusCode).toBe(201);
    const patient = res.json<Patient>();
    expect(patient).toMatchObject({ ...input, version: 1 });
    expect(patient.mrn).toMatch(/^MC\d{7}$/);
    expect(patient.createdAt).toMatch(/Z$/);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/patients/${patient.id}`);
  });

  it('gives every patient a different MRN', async () => {
    const a = await createPatient(ctx);
    const b = await createPatient(ctx);
    expect(a.mrn).not.toBe(b.mrn);
  });

  it('rejects unknown fields, blank names, bad emails and phones, naming each field', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: { ...patientInput(), givenName: '   ', email: 'not-an-email', phone: 'call me', shoeSize: 42 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorBody>();
    expectError(body, 'VALIDATION_FAILED');
    const paths = body.issues!.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/givenName', '/email', '/phone', '/shoeSize']));
  });

  it('requires names, birth date and sex', async () => {
    const res = await ctx.inject({ method: 'POST', url: '/api/patients', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json<ErrorBody>()
        .issues!.map((i) => i.path)
        .sort(),
    ).toEqual(['/birthDate', '/familyName', '/givenName', '/sex'].sort());
  });

  it.each([
    ['2999-01-01', 'must not be in the future'],
    ['1850-06-01', 'must be on or after 1880-01-01'],
  ])('refuses birth date %s', async (birthDate, message) => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: patientInput({ birthDate }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([{ path: '/birthDate', message }]);
  });

  it.each(['2023-02-30', '1990-13-01', '12/01/1990'])(
    'refuses a birth date that is no real date: %s',
    async (birthDate) => {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/patients',
        payload: patientInput({ birthDate }),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().issues![0]!.path).toBe('/birthDate');
    },
  );

  it('refuses names longer than 100 characters', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: patientInput({ familyName: 'x'.repeat(101) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues![0]!.path).toBe('/familyName');
  });

  it('warns of a likely duplicate (case, accents, spacing ignored) unless told it is deliberate', async () => {
    const first = await createPatient(ctx, {
      givenName: 'José María',
      familyName: 'Núñez',
      birthDate: '1970-04-02',
    });
    const again = patientInput({ givenName: ' jose  MARIA ', familyName: 'nunez', birthDate: '1970-04-02' });
    const res = await ctx.inject({ method: 'POST', url: '/api/patients', payload: again });
    expect(res.statusCode).toBe(409);
    const body = res.json<ErrorBody>();
    expectError(body, 'PATIENT_POSSIBLE_DUPLICATE');
    expect(body.details?.candidateIds).toEqual([first.id]);

    const deliberate = await ctx.inject({
      method: 'POST',
      url: '/api/patients?allowDuplicate=true',
      payload: again,
    });
    expect(deliberate.statusCode).toBe(201);
  });

  it('does not call a same-named patient with another birth date a duplicate', async () => {
    await createPatient(ctx, { givenName: 'Twin', familyName: 'Unique', birthDate: '1990-01-01' });
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: patientInput({ givenName: 'Twin', familyName: 'Unique', birthDate: '1990-01-02' }),
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('GET /api/patients/:id', () => {
  it('reads a patient back with its ETag', async () => {
    const patient = await createPatient(ctx);
    const res = await ctx.inject(`/api/patients/${patient.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(patient);
    expect(res.headers.etag).toBe('"1"');
  });

  it('answers 404 PATIENT_NOT_FOUND for an unknown id and 400 for a malformed one', async () => {
    const missing = await ctx.inject('/api/patients/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expectError(missing.json(), 'PATIENT_NOT_FOUND');
    const malformed = await ctx.inject('/api/patients/not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<ErrorBody>().issues![0]!.path).toBe('/id');
  });
});

describe('PUT /api/patients/:id', () => {
  it('replaces the details, bumps the version and honours If-Match', async () => {
    const patient = await createPatient(ctx);
    const change = { ...patientInput(), givenName: patient.givenName, familyName: 'Byron' };
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${patient.id}`,
      headers: { 'if-match': '"1"' },
      payload: change,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Patient>()).toMatchObject({ familyName: 'Byron', version: 2, mrn: patient.mrn });
    expect(res.headers.etag).toBe('"2"');

    const stale = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${patient.id}`,
      headers: { 'if-match': '"1"' },
      payload: { ...change, familyName: 'Lost Update' },
    });
    expect(stale.statusCode).toBe(412);
    expectError(stale.json(), 'PRECONDITION_FAILED');
    const now = await ctx.inject(`/api/patients/${patient.id}`);
    expect(now.json<Patient>().familyName).toBe('Byron');
  });

  it('answers 404 for an unknown patient and 400 for invalid details', async () => {
    const missing = await ctx.inject({
      method: 'PUT',
      url: '/api/patients/00000000-0000-4000-8000-000000000000',
      payload: patientInput(),
    });
    expect(missing.statusCode).toBe(404);
    const patient = await createPatient(ctx);
    const bad = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${patient.id}`,
      payload: { ...patientInput(), sex: 'robot' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().issues).toEqual([
      { path: '/sex', message: 'must be one of: female, male, other, unknown' },
    ]);
  });
});

describe('DELETE /api/patients/:id', () => {
  it('hides the patient from reads and lists without erasing it', async () => {
    const patient = await createPatient(ctx, { familyName: 'Deletable' });
    const res = await ctx.inject({ method: 'DELETE', url: `/api/patients/${patient.id}` });
    expect(res.statusCode).toBe(204);
    expect((await ctx.inject(`/api/patients/${patient.id}`)).statusCode).toBe(404);
    const list = await ctx.inject('/api/patients?q=Deletable');
    expect(list.json<PatientPage>().items.map((p) => p.id)).not.toContain(patient.id);
    expect((await ctx.inject({ method: 'DELETE', url: `/api/patients/${patient.id}` })).statusCode).toBe(404);
  });
});

describe('GET /api/patients (search and paging)', () => {
  let people: Patient[];
  beforeAll(async () => {
    people = [
      await createPatient(ctx, {
        givenName: 'Zoë',
        familyName: 'Ångström',
        birthDate: '1961-03-04',
        phone: '+1 (617) 555-0199',
        email: 'zoe.angstrom@clinic.test',
      }),
      await createPatient(ctx, { givenName: 'Zachary', familyName: 'Angstrom', birthDate: '1962-05-06' }),
      await createPatient(ctx, {
        givenName: 'Margaret',
        familyName: 'Hamilton',
        birthDate: '1936-08-17',
      }),
    ];
  });

  it('matches names by prefix, ignoring case and accents', async () => {
    const res = await ctx.inject('/api/patients?q=ANGST');
    const ids = res.json<PatientPage>().items.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining([people[0]!.id, people[1]!.id]));
    expect(ids).not.toContain(people[2]!.id);
    const zoe = await ctx.inject('/api/patients?q=zoe');
    expect(zoe.json<PatientPage>().items[0]!.id).toBe(people[0]!.id);
  });

  it('matches a misspelt name fuzzily', async () => {
    const res = await ctx.inject('/api/patients?q=Hamiltno');
    expect(res.json<PatientPage>().items.map((p) => p.id)).toContain(people[2]!.id);
  });

  it('matches phone digits whatever the punctuation, email and MRN', async () => {
    const byPhone = await ctx.inject('/api/patients?q=617-555-0199');
    expect(byPhone.json<PatientPage>().items.map((p) => p.id)).toEqual([people[0]!.id]);
    const byEmail = await ctx.inject('/api/patients?q=zoe.angstrom@clinic.test');
    expect(byEmail.json<PatientPage>().items.map((p) => p.id)).toEqual([people[0]!.id]);
    const byMrn = await ctx.inject(`/api/patients?q=${people[2]!.mrn.toLowerCase()}`);
    expect(byMrn.json<PatientPage>().items.map((p) => p.id)).toEqual([people[2]!.id]);
  });

  it('filters by birth date', async () => {
    const res = await ctx.inject('/api/patients?birthDate=1936-08-17');
    expect(res.json<PatientPage>().items.map((p) => p.id)).toEqual([people[2]!.id]);
  });

  it('pages through everyone once, in name order, with an opaque cursor', async () => {
    const seen: Patient[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/patients?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: PatientPage = (await ctx.inject(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = seen.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of people) expect(ids).toContain(p.id);
    const names = seen.map((p) =>
      `${p.familyName} ${p.givenName}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
    );
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('pages a search too', async () => {
    const first = (await ctx.inject('/api/patients?q=angstrom&limit=1')).json<PatientPage>();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await ctx.inject(`/api/patients?q=angstrom&limit=1&cursor=${first.nextCursor}`)
    ).json<PatientPage>();
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
  });

  it('rejects a limit over 100, an unknown filter and a forged cursor', async () => {
    expect((await ctx.inject('/api/patients?limit=101')).statusCode).toBe(400);
    const unknown = await ctx.inject('/api/patients?ssn=123');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ErrorBody>().issues![0]!.path).toBe('/ssn');
    const forged = await ctx.inject('/api/patients?cursor=bm9wZQ');
    expect(forged.statusCode).toBe(400);
    expect(forged.json<ErrorBody>()).toMatchObject({
      code: 'INVALID_CURSOR',
      issues: [{ path: '/cursor', message: 'is not a cursor this list issued' }],
    });
  });

  it('treats LIKE wildcards in a search literally', async () => {
    const res = await ctx.inject('/api/patients?q=%25');
    expect(res.json<PatientPage>().items).toEqual([]);
  });
});
