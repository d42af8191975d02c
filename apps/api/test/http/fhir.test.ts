import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Appointment, Bundle, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';
import { validatedCount, validR4 } from '../support/fhir-validate.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  console.log(`fhir.test.ts: ${validatedCount()} resources validated against R4`);
  await ctx.close();
});

const FHIR = 'application/fhir+json';

/** A FHIR request; every body the server answers with is validated against R4. */
async function fhir<T extends Resource = Resource>(
  caller: Caller | TestContext['app']['inject'],
  options: InjectOptions,
): Promise<{ res: LightMyRequestResponse; body: T }> {
  const res = await (caller as Caller)({
    ...options,
    headers: {
      accept: FHIR,
      ...(options.payload !== undefined ? { 'content-type': FHIR } : {}),
      ...options.headers,
    },
    ...(options.payload !== undefined && typeof options.payload !== 'string'
      ? { payload: JSON.stringify(options.payload) }
      : {}),
  });
  return { res, body: validR4(res.json<T>()) };
}

const get = <T extends Resource = Resource>(
  caller: Caller,
  url: string,
  headers: Record<string, string> = {},
) => fhir<T>(caller, { url, headers });

const outcomeCode = (body: Resource) => (body as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code;

const marie = (over: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  name: [{ family: 'Sklodowska', given: ['Marie'] }],
  gender: 'female',
  birthDate: '1967-11-07',
  telecom: [
    { system: 'phone', value: '+33 1 44 27 00 01' },
    { system: 'email', value: 'marie@example.org' },
  ],
  address: [{ line: ['11 Rue Pierre et Marie Curie'], city: 'Paris', postalCode: '75005', country: 'FR' }],
  ...over,
});

describe('metadata', () => {
  it('is public and lists exactly what is offered', async () => {
    const { res, body } = await fhir(ctx.app.inject.bind(ctx.app) as never, { url: '/fhir/R4/metadata' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const rest = (body as { rest: { resource: { type: string; interaction: { code: string }[] }[] }[] })
      .rest[0]!;
    expect(rest.resource.map((r) => r.type)).toEqual([
      'Patient',
      'Practitioner',
      'Appointment',
      'Observation',
    ]);
    const obs = rest.resource.find((r) => r.type === 'Observation')!;
    expect(obs.interaction.map((i) => i.code)).toEqual(['read', 'search-type', 'create']);
  });
});

describe('Patient', () => {
  it('create, read, update with If-Match, and the same record under /api', async () => {
    const created = await fhir<Patient>(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient?allowDuplicate=true',
      payload: marie(),
    });
    expect(created.res.statusCode, created.res.body).toBe(201);
    expect(created.res.headers.etag).toBe('W/"1"');
    const id = created.body.id!;
    expect(created.res.headers.location).toMatch(new RegExp(`/fhir/R4/Patient/${id}$`));
    expect(created.body.identifier?.[0]).toMatchObject({
      system: 'urn:medicare-hub:mrn',
      value: expect.stringMatching(/^MC\d+$/),
    });

    const read = await get<Patient>(ctx.inject, `/fhir/R4/Patient/${id}`);
    expect(read.res.statusCode).toBe(200);
    expect(read.body.meta?.versionId).toBe('1');

    const changed = { ...read.body, birthDate: '1967-11-08' };
    const updated = await fhir<Patient>(ctx.inject, {
      method: 'PUT',
      url: `/fhir/R4/Patient/${id}`,
      payload: changed,
      headers: { 'if-match': 'W/"1"' },
    });
    expect(updated.res.statusCode, updated.res.body).toBe(200);
    expect(updated.body.meta?.versionId).toBe('2');
    expect(updated.res.headers.etag).toBe('W/"2"');

    const stale = await fhir(ctx.inject, {
      method: 'PUT',
      url: `/fhir/R4/Patient/${id}`,
      payload: changed,
      headers: { 'if-match': 'W/"1"' },
    });
    expect(stale.res.statusCode).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');
    expect(outcomeCode(stale.body)).toBe('PRECONDITION_FAILED');

    const rest = await ctx.inject(`/api/patients/${id}`);
    expect(rest.json()).toMatchObject({
      givenName: 'Marie',
      familyName: 'Sklodowska',
      birthDate: '1967-11-08',
      version: 2,
    });
  });

  it('refuses what is not R4, what it cannot keep, and what the rules refuse, as OperationOutcomes naming the element', async () => {
    const notR4 = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: { ...marie(), colour: 'blue' },
    });
    expect(notR4.res.statusCode).toBe(400);
    expect((notR4.body as OperationOutcome).issue[0]?.expression).toEqual(['Patient.colour']);

    const unkept = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: { ...marie(), deceasedBoolean: false },
    });
    expect(unkept.res.statusCode).toBe(422);
    expect((unkept.body as OperationOutcome).issue[0]?.expression).toEqual(['Patient.deceasedBoolean']);

    const future = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: marie({ birthDate: '2999-01-01' }),
    });
    expect(future.res.statusCode).toBe(400);
    expect((future.body as OperationOutcome).issue[0]?.expression).toEqual(['Patient.birthDate']);

    const badPhone = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: marie({ telecom: [{ system: 'phone', value: 'call me' }] }),
    });
    expect(badPhone.res.statusCode).toBe(400);
    expect((badPhone.body as OperationOutcome).issue[0]?.expression).toEqual(['Patient.telecom']);

    const wrongType = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: { resourceType: 'Practitioner' },
    });
    expect(wrongType.res.statusCode).toBe(400);

    const notJson = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: '{"resourceType":',
      headers: { 'content-type': FHIR },
    });
    expect(notJson.res.statusCode).toBe(400);

    const text = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Patient',
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.res.statusCode).toBe(415);
    expect(text.body.resourceType).toBe('OperationOutcome');
  });

  it('takes application/json too, and answers in it when that is all the client accepts', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/fhir/R4/Patient?allowDuplicate=true',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: marie({ name: [{ family: 'Json', given: ['Jo'] }] }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    validR4(res.json());
  });

  it('searches by each parameter, and pages by next links', async () => {
    const family = `Zyx${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 5; i++)
      made.push(
        await createPatient(ctx, {
          familyName: family,
          givenName: `Quentin${'abcde'[i]}`,
          birthDate: '1970-02-0' + (i + 1),
        }),
      );
    const one = made[2]!;
    const ids = async (query: string) => {
      const { res, body } = await get<Bundle>(ctx.inject, `/fhir/R4/Patient?${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      return (body.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id);
    };
    expect(await ids(`family=${family}`)).toHaveLength(5);
    expect(await ids(`name=${family.toLowerCase()} quentinc`)).toEqual([one.id]);
    expect(await ids(`family=${family}&given=QuentinC`)).toEqual([one.id]);
    expect(await ids(`family=${family}&birthdate=1970-02-03`)).toEqual([one.id]);
    expect(await ids(`identifier=urn:medicare-hub:mrn|${one.mrn}`)).toEqual([one.id]);
    expect(await ids(`identifier=${one.mrn}`)).toEqual([one.id]);
    expect(await ids(`identifier=http://other.example|${one.mrn}`)).toEqual([]);
    expect(await ids(`phone=${encodeURIComponent(one.phone!)}`)).toEqual([one.id]);
    expect(await ids(`email=ada@example.org&family=${family}`)).toHaveLength(5);
    expect(await ids(`_id=${one.id}`)).toEqual([one.id]);
    expect(await ids(`_id=${one.id}&family=Nobody`)).toEqual([]);
    expect(await ids('_id=not-an-id-of-ours')).toEqual([]);
    for (const type of ['Practitioner', 'Appointment', 'Observation']) {
      const other = await get<Bundle>(ctx.inject, `/fhir/R4/${type}?_id=${'x'.repeat(36)}`);
      expect(other.body.total, type).toBe(0);
    }

    // Paging: two at a time, following next links only.
    const seen: string[] = [];
    let url: string | undefined = `/fhir/R4/Patient?family=${family}&_count=2`;
    while (url) {
      const page: Bundle = (await get<Bundle>(ctx.inject, url)).body;
      seen.push(...(page.entry ?? []).map((e) => e.resource!.id!));
      const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
    expect(seen.sort()).toEqual(made.map((p) => p.id).sort());

    const tampered = await get(
      ctx.inject,
      `/fhir/R4/Patient?family=${family}&_count=2&_cursor=eyJrIjpbXX0.abc`,
    );
    expect(tampered.res.statusCode).toBe(400);
  });

  it('refuses unknown parameters, or ignores them under Prefer: handling=lenient and says so', async () => {
    const strict = await get(ctx.inject, '/fhir/R4/Patient?address-city=Paris');
    expect(strict.res.statusCode).toBe(400);
    expect(outcomeCode(strict.body)).toBe('VALIDATION_FAILED');
    const lenient = await get<Bundle>(ctx.inject, '/fhir/R4/Patient?address-city=Paris&_count=1', {
      prefer: 'handling=lenient',
    });
    expect(lenient.res.statusCode).toBe(200);
    expect(lenient.body.entry?.at(-1)).toMatchObject({ search: { mode: 'outcome' } });
    for (const bad of ['_count=0', '_count=101', 'birthdate=ge1970-01-01', '_format=xml', 'name=']) {
      expect((await get(ctx.inject, `/fhir/R4/Patient?${bad}`)).res.statusCode, bad).toBe(400);
    }
  });
});

describe('scope and audit', () => {
  it('a patient reads and searches only themself; another patient is 404 and audited as denied', async () => {
    const a = await createPatient(ctx);
    const b = await createPatient(ctx);
    const asA = await ctx.as('patient', a.id);
    expect((await get(asA, `/fhir/R4/Patient/${a.id}`)).res.statusCode).toBe(200);
    const other = await get(asA, `/fhir/R4/Patient/${b.id}`);
    expect(other.res.statusCode).toBe(404);
    expect(outcomeCode(other.body)).toBe('PATIENT_NOT_FOUND');
    expect(await auditOf(ctx.database, other.res)).toMatchObject([
      { action: 'read', outcome: 'denied', patientId: b.id },
    ]);
    const all = await get<Bundle>(asA, '/fhir/R4/Patient');
    expect(all.body.entry?.map((e) => e.resource!.id)).toEqual([a.id]);
    expect((await get(asA, `/fhir/R4/Patient/${b.id}/$everything`)).res.statusCode).toBe(404);
    expect((await get(asA, `/fhir/R4/Observation?patient=Patient/${b.id}`)).res.statusCode).toBe(404);
    expect((await get(asA, `/fhir/R4/Appointment?patient=${b.id}`)).res.statusCode).toBe(404);
  });

  it('a FHIR read is audited as the REST read is: one event', async () => {
    const p = await createPatient(ctx);
    const { res } = await get(ctx.inject, `/fhir/R4/Patient/${p.id}`);
    expect(await auditOf(ctx.database, res)).toMatchObject([
      { action: 'read', resourceType: 'patient', resourceId: p.id, outcome: 'success', actorRole: 'admin' },
    ]);
  });

  it('roles: 401 without a token, 403 for a role the matrix refuses', async () => {
    const anon = await fhir(ctx.app.inject.bind(ctx.app) as never, { url: '/fhir/R4/Patient' });
    expect(anon.res.statusCode).toBe(401);
    expect(anon.body.resourceType).toBe('OperationOutcome');
    const desk = await ctx.as('front_desk');
    const p = await createPatient(ctx);
    const refused = await get(desk, `/fhir/R4/Observation?patient=${p.id}`);
    expect(refused.res.statusCode).toBe(403);
    expect((refused.body as OperationOutcome).issue[0]?.code).toBe('forbidden');
    expect((await get(ctx.inject, '/fhir/R4/Encounter')).res.statusCode).toBe(404);
  });
});

describe('Practitioner, Appointment, Observation', () => {
  it('practitioners: create, read, update, search', async () => {
    const created = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Practitioner',
      payload: {
        resourceType: 'Practitioner',
        name: [{ family: 'Nightingale', given: ['Florence'] }],
        qualification: [{ code: { text: 'Nursing' } }],
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'Europe/London' }],
      },
    });
    expect(created.res.statusCode, created.res.body).toBe(201);
    const id = created.body.id!;
    const updated = await fhir(ctx.inject, {
      method: 'PUT',
      url: `/fhir/R4/Practitioner/${id}`,
      payload: { ...created.body, qualification: [{ code: { text: 'Statistics' } }] },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(updated.res.statusCode, updated.res.body).toBe(200);
    expect((await get(ctx.inject, `/fhir/R4/Practitioner/${id}`)).body).toMatchObject({
      qualification: [{ code: { text: 'Statistics' } }],
    });
    const search = await get<Bundle>(ctx.inject, `/fhir/R4/Practitioner?_id=${id}`);
    expect(search.body.total).toBe(1);
    const noZone = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Practitioner',
      payload: { resourceType: 'Practitioner', name: [{ family: 'X', given: ['Y'] }] },
    });
    expect(noZone.res.statusCode).toBe(400);
  });

  it('appointments: book, read, search by patient, practitioner, date range and status, cancel; never double-booked', async () => {
    const p = await createPatient(ctx);
    const doc = await createPractitioner(ctx);
    const when = slot(400, 9);
    const body: Appointment = {
      resourceType: 'Appointment',
      status: 'booked',
      start: when.start,
      end: when.end,
      reasonCode: [{ text: 'Check-up' }],
      participant: [
        { actor: { reference: `Patient/${p.id}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${doc.id}` }, status: 'accepted' },
      ],
    };
    const created = await fhir<Appointment>(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Appointment',
      payload: body,
    });
    expect(created.res.statusCode, created.res.body).toBe(201);
    const id = created.body.id!;
    const clash = await fhir(ctx.inject, { method: 'POST', url: '/fhir/R4/Appointment', payload: body });
    expect(clash.res.statusCode).toBe(409);
    expect((clash.body as OperationOutcome).issue[0]?.code).toBe('conflict');
    await bookAppointment(ctx, { patientId: p.id, practitionerId: doc.id, ...slot(402, 9) });

    const ids = async (query: string) =>
      ((await get<Bundle>(ctx.inject, `/fhir/R4/Appointment?${query}`)).body.entry ?? []).map(
        (e) => e.resource!.id,
      );
    expect(await ids(`patient=Patient/${p.id}`)).toHaveLength(2);
    expect(await ids(`practitioner=${doc.id}`)).toHaveLength(2);
    const day = when.start.slice(0, 10);
    expect(await ids(`patient=${p.id}&date=${day}`)).toEqual([id]);
    expect(await ids(`patient=${p.id}&date=ge${day}&date=le${day}`)).toEqual([id]);
    expect(await ids(`patient=${p.id}&date=gt${day}`)).toHaveLength(1);
    expect(await ids(`patient=${p.id}&status=cancelled`)).toEqual([]);

    const cancelled = await fhir<Appointment>(ctx.inject, {
      method: 'PUT',
      url: `/fhir/R4/Appointment/${id}`,
      payload: { ...created.body, status: 'cancelled' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(cancelled.res.statusCode, cancelled.res.body).toBe(200);
    expect(await ids(`patient=${p.id}&status=cancelled`)).toEqual([id]);
    expect((await get(ctx.inject, `/fhir/R4/Appointment?status=tentative`)).res.statusCode).toBe(400);
  });

  it('observations: record with LOINC, read, search by code and date newest first; no update', async () => {
    const p = await createPatient(ctx);
    const bp = (value: number, at: string) => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
      subject: { reference: `Patient/${p.id}` },
      effectiveDateTime: at,
      valueQuantity: { value, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    });
    const first = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Observation',
      payload: bp(128, '2026-01-05T09:00:00Z'),
    });
    expect(first.res.statusCode, first.res.body).toBe(201);
    await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Observation',
      payload: bp(135, '2026-02-05T09:00:00Z'),
    });
    await ctx.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/observations`,
      payload: { code: 'diabetes', value: true, effectiveAt: '2026-01-10T00:00:00Z' },
    });
    await ctx.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/observations`,
      payload: { code: '72166-2', value: 'never', effectiveAt: '2026-01-11T00:00:00Z' },
    });

    expect((await get(ctx.inject, `/fhir/R4/Observation/${first.body.id}`)).res.statusCode).toBe(200);
    const values = async (query: string) =>
      ((await get<Bundle>(ctx.inject, `/fhir/R4/Observation?patient=${p.id}&${query}`)).body.entry ?? []).map(
        (e) => (e.resource as { valueQuantity?: { value: number } }).valueQuantity?.value ?? null,
      );
    expect(await values('code=http://loinc.org|8480-6&_sort=-date')).toEqual([135, 128]);
    expect(await values('code=8480-6&date=lt2026-02-01')).toEqual([128]);
    expect(await values('code=http://snomed.info/sct|8480-6')).toEqual([]);
    expect(await values('_count=10')).toHaveLength(4);
    expect((await get(ctx.inject, `/fhir/R4/Observation?patient=${p.id}&_sort=date`)).res.statusCode).toBe(
      400,
    );

    const implausible = await fhir(ctx.inject, {
      method: 'POST',
      url: '/fhir/R4/Observation',
      payload: bp(900, '2026-01-05T09:00:00Z'),
    });
    expect(implausible.res.statusCode).toBe(400);
    expect((implausible.body as OperationOutcome).issue[0]?.expression).toEqual(['Observation.value[x]']);
    const edit = await fhir(ctx.inject, {
      method: 'PUT',
      url: `/fhir/R4/Observation/${first.body.id}`,
      payload: first.body,
    });
    expect(edit.res.statusCode).toBe(405);
  });

  it('$everything: the patient and what the role may see of them', async () => {
    const p = await createPatient(ctx);
    const doc = await createPractitioner(ctx);
    await bookAppointment(ctx, { patientId: p.id, practitionerId: doc.id, ...slot(500, 10) });
    await ctx.inject({
      method: 'POST',
      url: `/api/patients/${p.id}/observations`,
      payload: { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: '2026-01-01T00:00:00Z' },
    });
    const types = async (caller: Caller) => {
      const { res, body } = await get<Bundle>(caller, `/fhir/R4/Patient/${p.id}/$everything`);
      expect(res.statusCode).toBe(200);
      return (body.entry ?? []).map((e) => e.resource!.resourceType);
    };
    expect(await types(await ctx.as('patient', p.id))).toEqual(['Patient', 'Appointment', 'Observation']);
    expect(await types(await ctx.as('front_desk'))).toEqual(['Patient', 'Appointment']);
  });
});
