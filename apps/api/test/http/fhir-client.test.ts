import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from 'fhir-kit-client';
import type { Bundle, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPractitioner, slot } from '../support/factories.js';
import { validatedCount, validR4 } from '../support/fhir-validate.js';

/** The server driven over HTTP by a third-party FHIR client, as an integrator's tool would. */
let ctx: TestContext;
let baseUrl: string;
beforeAll(async () => {
  ctx = await createTestApp();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  baseUrl = `http://127.0.0.1:${address.port}/fhir/R4`;
});
afterAll(async () => {
  console.log(`fhir-client.test.ts: ${validatedCount()} resources validated against R4`);
  await ctx.close();
});

const client = (token = ctx.inject.token) => new Client({ baseUrl, bearerToken: token });
const valid = <T extends Resource>(r: unknown) => validR4(r as T);

/** The status and OperationOutcome of a refused call. */
async function refused(call: Promise<unknown>): Promise<{ status: number; outcome: OperationOutcome }> {
  try {
    await call;
  } catch (error) {
    const { response } = error as { response: { status: number; data: unknown } };
    const data = typeof response.data === 'string' ? JSON.parse(response.data) : response.data;
    return { status: response.status, outcome: valid<OperationOutcome>(data) };
  }
  throw new Error('the call was not refused');
}

it('reads the CapabilityStatement', async () => {
  const statement = valid(await client().capabilityStatement());
  expect(statement).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
});

it('creates, reads, searches with paging by next links, updates and asks for $everything', async () => {
  const fhir = client();
  const family = `Kit${Date.now().toString(36)}`;
  const ids: string[] = [];
  for (const given of ['Ann', 'Ben', 'Cal', 'Dee', 'Eve']) {
    // Five of one family born the same day look like duplicates: the integrator confirms each, as in /api.
    const created = valid<Patient>(
      await fhir.request('Patient?allowDuplicate=true', {
        method: 'POST',
        options: { headers: { 'content-type': 'application/fhir+json' } },
        body: {
          resourceType: 'Patient',
          name: [{ family, given: [given] }],
          gender: 'unknown',
          birthDate: '1990-05-17',
        },
      }),
    );
    const first =
      ids.length === 0
        ? await refused(
            fhir.create({
              resourceType: 'Patient',
              body: {
                resourceType: 'Patient',
                name: [{ family, given: [given] }],
                gender: 'unknown',
                birthDate: '1990-05-17',
              },
            }),
          )
        : undefined;
    if (first) expect(first.status).toBe(409);
    ids.push(created.id!);
  }
  const read = valid<Patient>(await fhir.read({ resourceType: 'Patient', id: ids[0]! }));
  expect(read.name?.[0]?.family).toBe(family);

  const seen: string[] = [];
  let page: Bundle | undefined = valid<Bundle>(
    await fhir.search({ resourceType: 'Patient', searchParams: { family, _count: 2 } }),
  );
  let pages = 0;
  while (page) {
    pages++;
    seen.push(...(page.entry ?? []).map((e) => e.resource!.id!));
    const next: unknown = await fhir.nextPage({ bundle: page as never });
    page = next ? valid<Bundle>(next) : undefined;
  }
  expect(pages).toBe(3);
  expect(seen.sort()).toEqual([...ids].sort());

  const updated = valid<Patient>(
    await fhir.update({
      resourceType: 'Patient',
      id: read.id!,
      body: { ...read, gender: 'other' },
      options: { headers: { 'If-Match': 'W/"1"' } },
    }),
  );
  expect(updated).toMatchObject({ gender: 'other', meta: { versionId: '2' } });
  const stale = await refused(
    fhir.update({
      resourceType: 'Patient',
      id: read.id!,
      body: { ...read },
      options: { headers: { 'If-Match': 'W/"1"' } },
    }),
  );
  expect(stale.status).toBe(412);

  const doctor = await createPractitioner(ctx);
  const appointment = valid(
    await fhir.create({
      resourceType: 'Appointment',
      body: {
        resourceType: 'Appointment',
        status: 'booked',
        ...slot(600, 9),
        participant: [
          { actor: { reference: `Patient/${read.id}` }, status: 'accepted' },
          { actor: { reference: `Practitioner/${doctor.id}` }, status: 'accepted' },
        ],
      },
    }),
  );
  valid(
    await fhir.create({
      resourceType: 'Observation',
      body: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '2093-3' }] },
        subject: { reference: `Patient/${read.id}` },
        effectiveDateTime: '2026-03-01T08:00:00Z',
        valueQuantity: { value: 5.2, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      },
    }),
  );
  const everything = valid<Bundle>(
    await fhir.operation({ name: '$everything', resourceType: 'Patient', id: read.id!, method: 'GET' }),
  );
  expect(everything.entry?.map((e) => e.resource!.resourceType)).toEqual([
    'Patient',
    'Appointment',
    'Observation',
  ]);
  expect(everything.entry?.[1]?.resource?.id).toBe(appointment.id);
});

it('a patient client sees only its own record', async () => {
  const own = valid<Patient>(
    await client().request('Patient?allowDuplicate=true', {
      method: 'POST',
      options: { headers: { 'content-type': 'application/fhir+json' } },
      body: {
        resourceType: 'Patient',
        name: [{ family: 'Own', given: ['Olive'] }],
        gender: 'female',
        birthDate: '1981-01-01',
      },
    }),
  );
  const other = valid<Patient>(
    await client().request('Patient?allowDuplicate=true', {
      method: 'POST',
      options: { headers: { 'content-type': 'application/fhir+json' } },
      body: {
        resourceType: 'Patient',
        name: [{ family: 'Other', given: ['Otto'] }],
        gender: 'male',
        birthDate: '1982-02-02',
      },
    }),
  );
  const patient = client((await ctx.as('patient', own.id)).token);
  const bundle = valid<Bundle>(await patient.search({ resourceType: 'Patient', searchParams: {} }));
  expect(bundle.entry?.map((e) => e.resource!.id)).toEqual([own.id]);
  expect((await refused(patient.read({ resourceType: 'Patient', id: other.id! }))).status).toBe(404);
  const created = await refused(
    patient.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'X', given: ['Y'] }], birthDate: '1990-01-01' },
    }),
  );
  expect(created.status).toBe(403);
});
