import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Appointment, Patient, Practitioner } from '@medicare/contracts';
import { auditEvents } from '../../src/db/schema/index.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';
import { validR4, validatedCount } from '../support/fhir-validate.js';

/**
 * Every /fhir route × every role, as permissions.test.ts walks /api: the same matrix
 * (contracts' PERMISSIONS, docs/security.md), and every call on patient data audited. A patient acts
 * on their own records here; another patient's is object-level scope (fhir.test.ts).
 */
type Role = 'admin' | 'clinician' | 'front_desk' | 'patient';
const ROLES: Role[] = ['admin', 'clinician', 'front_desk', 'patient'];
type Fixture = { patient: Patient; doctor: Practitioner; appointment: Appointment; day: number };
type Row = [
  string,
  Record<Role, number | number[]>,
  /** Audit events the call writes, per role (0 for routes that touch no patient data). */
  Record<Role, number>,
  (f: Fixture) => InjectOptions | Promise<InjectOptions>,
];

let ctx: TestContext;
let day = 800;
const fixtures = new Map<Role, { client: Caller; fixture: () => Promise<Fixture> }>();
let exportId = '';

beforeAll(async () => {
  ctx = await createTestApp();
  const doctor = await createPractitioner(ctx);
  for (const role of ROLES) {
    const patient = await createPatient(ctx);
    const client = await ctx.as(role, patient.id);
    fixtures.set(role, {
      client,
      fixture: async () => {
        const d = ++day;
        const appointment = await bookAppointment(ctx, {
          patientId: patient.id,
          practitionerId: doctor.id,
          ...slot(d, 9),
        });
        return { patient, doctor, appointment, day: d };
      },
    });
  }
  // One finished export of the admin's, for the status and file rows.
  const admin = fixtures.get('admin')!.client;
  const kick = await admin({
    url: '/fhir/R4/$export?_type=Practitioner',
    headers: { prefer: 'respond-async' },
  });
  exportId = String(kick.headers['content-location']).split('/').pop()!;
  for (let i = 0; i < 10_000; i++) {
    if ((await admin(`/fhir/R4/$export-status/${exportId}`)).statusCode !== 202) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
});
afterAll(async () => {
  console.log(`fhir-permissions.test.ts: ${validatedCount()} resources validated against R4`);
  await ctx.close();
});

const all = (n: number | number[]): Record<Role, number | number[]> => ({
  admin: n,
  clinician: n,
  front_desk: n,
  patient: n,
});
const audits = (admin: number, clinician: number, front_desk: number, patient: number) => ({
  admin,
  clinician,
  front_desk,
  patient,
});
const one = audits(1, 1, 1, 1);
const none = audits(0, 0, 0, 0);
const json = (payload: object) => ({
  headers: { 'content-type': 'application/fhir+json' },
  payload: JSON.stringify(payload),
});

const fhirPatient = () => ({
  resourceType: 'Patient',
  name: [{ family: 'Matrix', given: [`Mia${++day}`] }],
  gender: 'female',
  birthDate: '1975-03-03',
});
const fhirAppointment = (f: Fixture, start: string, end: string, status = 'booked') => ({
  resourceType: 'Appointment',
  status,
  start,
  end,
  participant: [
    { actor: { reference: `Patient/${f.patient.id}` }, status: 'accepted' },
    { actor: { reference: `Practitioner/${f.doctor.id}` }, status: 'accepted' },
  ],
});
const fhirObservation = (patientId: string) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2026-01-01T00:00:00Z',
  valueQuantity: { value: 80, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
});
async function observationOf(patientId: string): Promise<string> {
  const res = await ctx.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/observations`,
    payload: { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: '2026-01-01T00:00:00Z' },
  });
  return res.json<{ id: string }>().id;
}

const MATRIX: Row[] = [
  ['GET /fhir/R4/metadata', all(200), none, () => ({ url: '/fhir/R4/metadata' })],
  ['GET /fhir/R4/Patient', all(200), one, () => ({ url: '/fhir/R4/Patient' })],
  [
    'POST /fhir/R4/Patient',
    { admin: 201, clinician: 403, front_desk: 201, patient: 403 },
    one,
    () => ({ method: 'POST', url: '/fhir/R4/Patient?allowDuplicate=true', ...json(fhirPatient()) }),
  ],
  ['GET /fhir/R4/Patient/:id', all(200), one, (f) => ({ url: `/fhir/R4/Patient/${f.patient.id}` })],
  [
    'PUT /fhir/R4/Patient/:id',
    { admin: 200, clinician: 403, front_desk: 200, patient: 403 },
    one,
    (f) => ({
      method: 'PUT',
      url: `/fhir/R4/Patient/${f.patient.id}`,
      ...json({
        resourceType: 'Patient',
        id: f.patient.id,
        name: [{ family: f.patient.familyName, given: [f.patient.givenName] }],
        gender: f.patient.sex,
        birthDate: f.patient.birthDate,
      }),
    }),
  ],
  // The patient, then each part the role may see: appointments (all), observations (not the desk).
  [
    'GET /fhir/R4/Patient/:id/$everything',
    all(200),
    audits(3, 3, 2, 3),
    (f) => ({ url: `/fhir/R4/Patient/${f.patient.id}/$everything` }),
  ],
  ['GET /fhir/R4/Practitioner', all(200), none, () => ({ url: '/fhir/R4/Practitioner' })],
  [
    'POST /fhir/R4/Practitioner',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    none,
    () => ({
      method: 'POST',
      url: '/fhir/R4/Practitioner',
      ...json({
        resourceType: 'Practitioner',
        name: [{ family: `Doc${++day}`, given: ['Dana'] }],
        extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: 'UTC' }],
      }),
    }),
  ],
  ['GET /fhir/R4/Practitioner/:id', all(200), none, (f) => ({ url: `/fhir/R4/Practitioner/${f.doctor.id}` })],
  [
    'PUT /fhir/R4/Practitioner/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    none,
    (f) => ({
      method: 'PUT',
      url: `/fhir/R4/Practitioner/${f.doctor.id}`,
      ...json({
        resourceType: 'Practitioner',
        id: f.doctor.id,
        name: [{ family: f.doctor.familyName, given: [f.doctor.givenName] }],
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/timezone', valueCode: f.doctor.timeZone },
        ],
      }),
    }),
  ],
  ['GET /fhir/R4/Appointment', all(200), one, () => ({ url: '/fhir/R4/Appointment' })],
  [
    'POST /fhir/R4/Appointment',
    // A patient books only a self-bookable appointment type (issue 17), which a FHIR Appointment does not
    // carry here yet (docs/data.md): refused in words, 422 APPOINTMENT_TYPE_NOT_BOOKABLE.
    { admin: 201, clinician: 403, front_desk: 201, patient: 422 },
    one,
    (f) => {
      const s = slot(f.day, 14);
      return { method: 'POST', url: '/fhir/R4/Appointment', ...json(fhirAppointment(f, s.start, s.end)) };
    },
  ],
  [
    'GET /fhir/R4/Appointment/:id',
    all(200),
    one,
    (f) => ({ url: `/fhir/R4/Appointment/${f.appointment.id}` }),
  ],
  [
    'PUT /fhir/R4/Appointment/:id (cancel)',
    all(200),
    one,
    (f) => ({
      method: 'PUT',
      url: `/fhir/R4/Appointment/${f.appointment.id}`,
      ...json({
        ...fhirAppointment(f, f.appointment.start, f.appointment.end, 'cancelled'),
        id: f.appointment.id,
      }),
    }),
  ],
  [
    'GET /fhir/R4/Observation',
    { admin: 200, clinician: 200, front_desk: 403, patient: 200 },
    one,
    (f) => ({ url: `/fhir/R4/Observation?patient=${f.patient.id}` }),
  ],
  [
    'POST /fhir/R4/Observation',
    { admin: 201, clinician: 201, front_desk: 403, patient: 403 },
    one,
    (f) => ({ method: 'POST', url: '/fhir/R4/Observation', ...json(fhirObservation(f.patient.id)) }),
  ],
  [
    'GET /fhir/R4/Observation/:id',
    { admin: 200, clinician: 200, front_desk: 403, patient: 200 },
    one,
    async (f) => ({ url: `/fhir/R4/Observation/${await observationOf(f.patient.id)}` }),
  ],
  [
    'PUT /fhir/R4/Observation/:id',
    { admin: 405, clinician: 405, front_desk: 403, patient: 403 },
    one,
    async (f) => {
      const id = await observationOf(f.patient.id);
      return {
        method: 'PUT',
        url: `/fhir/R4/Observation/${id}`,
        ...json({ ...fhirObservation(f.patient.id), id }),
      };
    },
  ],
  [
    'GET /fhir/R4/$export',
    { admin: 202, clinician: 403, front_desk: 403, patient: 403 },
    audits(1, 0, 0, 0),
    () => ({ url: '/fhir/R4/$export?_type=Practitioner', headers: { prefer: 'respond-async' } }),
  ],
  [
    'GET /fhir/R4/$export-status/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    none,
    () => ({ url: `/fhir/R4/$export-status/${exportId}` }),
  ],
  [
    'GET /fhir/R4/$export-file/:id/:type',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    audits(1, 0, 0, 0),
    () => ({ url: `/fhir/R4/$export-file/${exportId}/Practitioner` }),
  ],
];

describe('FHIR permission matrix', () => {
  for (const [route, expected, audited, build] of MATRIX) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      const { client, fixture } = fixtures.get(role)!;
      const request = await build(await fixture());
      const requestId = `fhir-matrix-${++day}-${role}`;
      const res = await client({ ...request, headers: { ...request.headers, 'x-request-id': requestId } });
      expect([expected[role]].flat(), res.body).toContain(res.statusCode);
      if (res.statusCode === 403)
        expect(validR4(res.json())).toMatchObject({
          resourceType: 'OperationOutcome',
          issue: [{ code: 'forbidden' }],
        });
      else if (!route.includes('$export')) validR4(res.json());
      const events = await ctx.database.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.requestId, requestId));
      expect(events, `audit events of ${route} as ${role}`).toHaveLength(audited[role]);
      for (const event of events) {
        expect(event).toMatchObject({
          actorRole: role,
          outcome: res.statusCode < 400 ? 'success' : res.statusCode === 403 ? 'denied' : expect.any(String),
        });
      }
    });
  }

  it('covers every /fhir route the app mounts', () => {
    const documented = new Set(MATRIX.map(([route]) => route.replace(/ \(.*\)$/, '')));
    const doc = (ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const fhirRoutes = Object.entries(doc).filter(([path]) => path.startsWith('/fhir/'));
    expect(fhirRoutes.length).toBeGreaterThan(10);
    for (const [path, methods] of fhirRoutes) {
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(documented, `${key} is missing from the FHIR matrix`).toContain(key);
      }
    }
  });
});
