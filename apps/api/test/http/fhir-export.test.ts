import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';
import { validatedCount, validR4 } from '../support/fhir-validate.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  console.log(`fhir-export.test.ts: ${validatedCount()} resources validated against R4`);
  await ctx.close();
});

const kickOff = (caller: Caller, query = '', prefer = 'respond-async') =>
  caller({ url: `/fhir/R4/$export${query}`, headers: { accept: 'application/fhir+json', prefer } });

/** Polls the status URL as a Bulk Data client does, until the job is no longer running. */
async function finished(caller: Caller, location: string) {
  const path = new URL(location).pathname;
  for (let i = 0; i < 10_000; i++) {
    const res = await caller(path);
    if (res.statusCode !== 202) return res;
    expect(res.headers['x-progress']).toMatch(/accepted|running/);
    // Not a wait for time: one turn of the event loop, so the job's file writes (I/O) can complete.
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('the export never finished');
}

it('exports every resource as NDJSON: kick-off 202, status 202 then 200 with the manifest, files with the same token', async () => {
  const patients = [await createPatient(ctx), await createPatient(ctx), await createPatient(ctx)];
  const doctor = await createPractitioner(ctx);
  await bookAppointment(ctx, { patientId: patients[0]!.id, practitionerId: doctor.id, ...slot(700, 9) });
  await ctx.inject({
    method: 'POST',
    url: `/api/patients/${patients[1]!.id}/observations`,
    payload: { code: '8480-6', value: 118, unit: 'mm[Hg]', effectiveAt: '2026-01-01T00:00:00Z' },
  });

  const res = await kickOff(ctx.inject);
  expect(res.statusCode, res.body).toBe(202);
  const location = String(res.headers['content-location']);
  expect(location).toMatch(/\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
  expect(await auditOf(ctx.database, res)).toMatchObject([
    { action: 'create', resourceType: 'fhir_export', outcome: 'success' },
  ]);

  const done = await finished(ctx.inject, location);
  expect(done.statusCode, done.body).toBe(200);
  const manifest = done.json<{
    requiresAccessToken: boolean;
    output: { type: string; url: string; count: number }[];
  }>();
  expect(manifest.requiresAccessToken).toBe(true);
  expect(manifest.output.map((o) => o.type)).toEqual([
    'Patient',
    'Practitioner',
    'Appointment',
    'Observation',
  ]);
  const counts = Object.fromEntries(manifest.output.map((o) => [o.type, o.count]));
  expect(counts).toEqual({ Patient: 3, Practitioner: 1, Appointment: 1, Observation: 1 });

  for (const file of manifest.output) {
    const got = await ctx.inject(new URL(file.url).pathname);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
    const lines = got.body.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(file.count);
    for (const line of lines) expect(validR4(JSON.parse(line) as Resource).resourceType).toBe(file.type);
    expect((await ctx.app.inject(new URL(file.url).pathname)).statusCode).toBe(401);
  }

  const other = await ctx.as('admin');
  expect((await other(new URL(location).pathname)).statusCode).toBe(404);
});

it('is for admins, asynchronous only, and says what it cannot do', async () => {
  for (const role of ['clinician', 'front_desk', 'patient'] as const) {
    const res = await kickOff(
      await ctx.as(role, role === 'patient' ? (await createPatient(ctx)).id : undefined),
    );
    expect(res.statusCode, role).toBe(403);
    validR4(res.json());
  }
  const sync = await kickOff(ctx.inject, '', 'return=representation');
  expect(sync.statusCode).toBe(400);
  validR4(sync.json());
  expect((await kickOff(ctx.inject, '?_type=Encounter')).statusCode).toBe(400);
  expect((await kickOff(ctx.inject, '?_outputFormat=text/csv')).statusCode).toBe(400);
  expect((await kickOff(ctx.inject, '?_since=2026-01-01T00:00:00Z')).statusCode).toBe(400);

  const only = await kickOff(ctx.inject, '?_type=Practitioner');
  const done = await finished(ctx.inject, String(only.headers['content-location']));
  expect(done.json<{ output: { type: string }[] }>().output.map((o) => o.type)).toEqual(['Practitioner']);
});
