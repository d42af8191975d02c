import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../src/db/schema/index.js';
import type { Appointment, AppointmentType, Patient, Practitioner } from '@medicare/contracts';
import { createTestApp, TEST_PASSWORD, type Caller, type TestContext } from '../support/app.js';
import { makePdf, multipart } from '../support/documents.js';
import {
  bookAppointment,
  createPatient,
  createPractitioner,
  patientInput,
  practitionerInput,
  slot,
} from '../support/factories.js';

/**
 * Every route × every role, against the documented matrix (docs/security.md). A patient acts on
 * their own records here; reaching for someone else's is object-level access (access.test.ts).
 */
type Role = 'admin' | 'clinician' | 'front_desk' | 'patient';
const ROLES: Role[] = ['admin', 'clinician', 'front_desk', 'patient'];

type Fixture = {
  patient: Patient;
  doctor: Practitioner;
  appointment: Appointment;
  day: number;
  type: AppointmentType;
};
type Row = [string, Record<Role, number>, (f: Fixture, role: Role) => InjectOptions | Promise<InjectOptions>];

let ctx: TestContext;
let day = 100;
const fixtures = new Map<Role, { client: Caller; fixture: () => Promise<Fixture> }>();

beforeAll(async () => {
  ctx = await createTestApp();
  const doctor = await createPractitioner(ctx);
  // Patients book self-bookable types only; the fixtures' appointments are of this one.
  const typeRes = await ctx.inject({
    method: 'POST',
    url: '/api/appointment-types',
    payload: { name: 'Consultation', durationMinutes: 30, patientBookable: true },
  });
  const type = typeRes.json<AppointmentType>();
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
          appointmentTypeId: type.id,
          ...slot(d, 9),
        });
        return { patient, doctor, appointment, day: d, type };
      },
    });
  }
});
afterAll(() => ctx.close());

/** A fresh observation of the patient, recorded by the admin. */
async function observationOf(patientId: string): Promise<string> {
  const res = await ctx.inject({
    method: 'POST',
    url: `/api/patients/${patientId}/observations`,
    payload: { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: '2026-01-01T00:00:00Z' },
  });
  return res.json<{ id: string }>().id;
}

const PDF = makePdf([['Leaflet', 'Blood pressure and salt']]);
const pdfUpload = () => multipart({ name: 'leaflet.pdf', type: 'application/pdf', bytes: PDF });

/** A document of the patient, or (patientId null) of the knowledge base, uploaded by the admin. */
async function documentOf(patientId: string | null): Promise<string> {
  const url = patientId ? `/api/patients/${patientId}/documents` : '/api/knowledge/documents';
  const res = await ctx.inject({ method: 'POST', url, ...pdfUpload() });
  return res.json<{ id: string }>().id;
}

const CSV = 'first name,last name,dob,sex\nAda,Byron,1990-01-01,F\nBad,Row,someday,F\n';
const CSV_MAPPING = { givenName: 'first name', familyName: 'last name', birthDate: 'dob', sex: 'sex' };
/** An uploaded CSV file (run once, as a dry run, when `ran`), by the admin. */
async function csvUpload(ran = false): Promise<string> {
  const res = await ctx.inject({
    method: 'POST',
    url: '/api/imports/csv',
    headers: { 'content-type': 'text/csv' },
    payload: CSV,
  });
  const id = res.json<{ id: string }>().id;
  if (ran) {
    await ctx.inject({
      method: 'POST',
      url: `/api/imports/csv/${id}/run`,
      payload: { mapping: CSV_MAPPING, dryRun: true },
    });
  }
  return id;
}

const all = (status: number): Record<Role, number> => ({
  admin: status,
  clinician: status,
  front_desk: status,
  patient: status,
});
const apptBody = (f: Fixture, change: object) => ({
  patientId: f.patient.id,
  practitionerId: f.doctor.id,
  start: f.appointment.start,
  end: f.appointment.end,
  ...change,
});

const MATRIX: Row[] = [
  ['GET /api/patients', all(200), () => ({ url: '/api/patients' })],
  [
    'POST /api/patients',
    { admin: 201, clinician: 403, front_desk: 201, patient: 403 },
    () => ({ method: 'POST', url: '/api/patients?allowDuplicate=true', payload: patientInput() }),
  ],
  ['GET /api/patients/:id', all(200), (f) => ({ url: `/api/patients/${f.patient.id}` })],
  [
    'PUT /api/patients/:id',
    { admin: 200, clinician: 403, front_desk: 200, patient: 403 },
    (f) => ({
      method: 'PUT',
      url: `/api/patients/${f.patient.id}`,
      payload: { ...patientInput(), givenName: f.patient.givenName, familyName: f.patient.familyName },
    }),
  ],
  [
    'DELETE /api/patients/:id',
    { admin: 204, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({ method: 'DELETE', url: `/api/patients/${(await createPatient(ctx)).id}` }),
  ],
  [
    'GET /api/patients/:id/access-log',
    { admin: 200, clinician: 403, front_desk: 403, patient: 200 },
    (f) => ({ url: `/api/patients/${f.patient.id}/access-log` }),
  ],
  [
    'GET /api/patients/:id/observations',
    { admin: 200, clinician: 200, front_desk: 403, patient: 200 },
    (f) => ({ url: `/api/patients/${f.patient.id}/observations` }),
  ],
  [
    'POST /api/patients/:id/observations',
    { admin: 201, clinician: 201, front_desk: 403, patient: 403 },
    (f) => ({
      method: 'POST',
      url: `/api/patients/${f.patient.id}/observations`,
      payload: { code: 'diabetes', value: false, effectiveAt: '2026-01-01T00:00:00Z' },
    }),
  ],
  [
    'GET /api/patients/:id/observations/:obsId',
    { admin: 200, clinician: 200, front_desk: 403, patient: 200 },
    async (f) => ({ url: `/api/patients/${f.patient.id}/observations/${await observationOf(f.patient.id)}` }),
  ],
  [
    'DELETE /api/patients/:id/observations/:obsId',
    { admin: 204, clinician: 204, front_desk: 403, patient: 403 },
    async (f) => ({
      method: 'DELETE',
      url: `/api/patients/${f.patient.id}/observations/${await observationOf(f.patient.id)}`,
    }),
  ],
  [
    'GET /api/patients/:id/risk',
    { admin: 422, clinician: 422, front_desk: 403, patient: 422 },
    (f) => ({ url: `/api/patients/${f.patient.id}/risk` }),
  ],
  ['GET /api/practitioners', all(200), () => ({ url: '/api/practitioners' })],
  [
    'POST /api/practitioners',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    () => ({ method: 'POST', url: '/api/practitioners', payload: practitionerInput() }),
  ],
  ['GET /api/practitioners/:id', all(200), (f) => ({ url: `/api/practitioners/${f.doctor.id}` })],
  [
    'GET /api/practitioners/:id/busy',
    all(200),
    (f) => ({
      url: `/api/practitioners/${f.doctor.id}/busy?from=${encodeURIComponent(slot(f.day, 0).start)}&to=${encodeURIComponent(slot(f.day + 1, 0).start)}`,
    }),
  ],
  [
    'PUT /api/practitioners/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    (f) => ({
      method: 'PUT',
      url: `/api/practitioners/${f.doctor.id}`,
      payload: practitionerInput({ familyName: f.doctor.familyName }),
    }),
  ],
  ['GET /api/appointments', all(200), () => ({ url: '/api/appointments' })],
  [
    'POST /api/appointments',
    { admin: 201, clinician: 403, front_desk: 201, patient: 201 },
    (f) => ({
      method: 'POST',
      url: '/api/appointments',
      payload: {
        patientId: f.patient.id,
        practitionerId: f.doctor.id,
        appointmentTypeId: f.type.id,
        ...slot(f.day, 14),
      },
    }),
  ],
  ['GET /api/appointments/:id', all(200), (f) => ({ url: `/api/appointments/${f.appointment.id}` })],
  [
    'GET /api/appointments/patient/:patientId',
    all(200),
    (f) => ({ url: `/api/appointments/patient/${f.patient.id}` }),
  ],
  [
    'PUT /api/appointments/:id (reschedule)',
    { admin: 200, clinician: 403, front_desk: 200, patient: 403 },
    (f) => ({
      method: 'PUT',
      url: `/api/appointments/${f.appointment.id}`,
      payload: apptBody(f, slot(f.day, 11)),
    }),
  ],
  [
    'PUT /api/appointments/:id (mark arrived)',
    { admin: 200, clinician: 200, front_desk: 200, patient: 403 },
    // Arrived only on the appointment's day: one that starts now, with a practitioner of its own.
    async (f) => {
      const doctor = await createPractitioner(ctx);
      const start = new Date();
      const today = await bookAppointment(ctx, {
        patientId: f.patient.id,
        practitionerId: doctor.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      });
      return {
        method: 'PUT',
        url: `/api/appointments/${today.id}`,
        payload: { ...today, status: 'arrived' },
      };
    },
  ],
  [
    'POST /api/appointments/:id/cancel',
    all(200),
    (f) => ({
      method: 'POST',
      url: `/api/appointments/${f.appointment.id}/cancel`,
      payload: { reason: 'Feeling better' },
    }),
  ],
  [
    'POST /api/appointments/:id/undo-cancel',
    all(200),
    async (f) => {
      await ctx.inject({ method: 'POST', url: `/api/appointments/${f.appointment.id}/cancel`, payload: {} });
      return { method: 'POST', url: `/api/appointments/${f.appointment.id}/undo-cancel` };
    },
  ],
  [
    'POST /api/appointments/:id/move',
    { admin: 200, clinician: 403, front_desk: 200, patient: 200 },
    (f) => ({
      method: 'POST',
      url: `/api/appointments/${f.appointment.id}/move`,
      payload: { start: slot(f.day, 11).start },
    }),
  ],
  [
    'GET /api/appointments/patient/:patientId/attendance',
    all(200),
    (f) => ({ url: `/api/appointments/patient/${f.patient.id}/attendance` }),
  ],
  [
    'GET /api/practitioners/:id/availability',
    all(200),
    (f) => ({ url: `/api/practitioners/${f.doctor.id}/availability` }),
  ],
  [
    'PUT /api/practitioners/:id/availability',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({
      method: 'PUT',
      url: `/api/practitioners/${(await createPractitioner(ctx)).id}/availability`,
      payload: { weekly: [{ weekday: 1, start: '09:00', end: '12:00' }], exceptions: [] },
    }),
  ],
  ['GET /api/appointment-types', all(200), () => ({ url: '/api/appointment-types' })],
  [
    'POST /api/appointment-types',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    () => ({
      method: 'POST',
      url: '/api/appointment-types',
      payload: { name: 'Follow-up', durationMinutes: 15 },
    }),
  ],
  ['GET /api/appointment-types/:id', all(200), (f) => ({ url: `/api/appointment-types/${f.type.id}` })],
  [
    'PUT /api/appointment-types/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    (f) => ({
      method: 'PUT',
      url: `/api/appointment-types/${f.type.id}`,
      payload: { name: 'Consultation', durationMinutes: 30, patientBookable: true },
    }),
  ],
  [
    'GET /api/slots',
    all(200),
    (f) => ({
      url: `/api/slots?appointmentTypeId=${f.type.id}&practitionerId=${f.doctor.id}&from=${encodeURIComponent(slot(f.day, 0).start)}&to=${encodeURIComponent(slot(f.day + 1, 0).start)}`,
    }),
  ],
  [
    'PUT /api/appointments/:id (cancel)',
    all(200),
    (f) => ({
      method: 'PUT',
      url: `/api/appointments/${f.appointment.id}`,
      payload: apptBody(f, { status: 'cancelled' }),
    }),
  ],
  [
    'DELETE /api/appointments/:id',
    { admin: 204, clinician: 403, front_desk: 204, patient: 403 },
    (f) => ({ method: 'DELETE', url: `/api/appointments/${f.appointment.id}` }),
  ],
  [
    'GET /api/appointments/:id/reminders',
    all(200),
    (f) => ({ url: `/api/appointments/${f.appointment.id}/reminders` }),
  ],
  [
    'GET /api/appointment-reminders/outbox',
    { admin: 200, clinician: 403, front_desk: 200, patient: 403 },
    () => ({ url: '/api/appointment-reminders/outbox' }),
  ],
  [
    'GET /api/users',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    () => ({ url: '/api/users' }),
  ],
  [
    'POST /api/users',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    () => ({
      method: 'POST',
      url: '/api/users',
      payload: { email: `new${++day}@matrix.test`, name: 'New', role: 'clinician', password: TEST_PASSWORD },
    }),
  ],
  [
    'GET /api/users/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    (_f, role) => ({ url: `/api/users/${fixtures.get(role)!.client.userId}` }),
  ],
  [
    'PUT /api/users/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    (_f, role) => ({
      method: 'PUT',
      url: `/api/users/${fixtures.get(role)!.client.userId}`,
      payload: { name: 'Renamed' },
    }),
  ],
  [
    'GET /api/audit',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    () => ({ url: '/api/audit' }),
  ],
  [
    'POST /api/patients/:id/documents',
    { admin: 201, clinician: 201, front_desk: 403, patient: 201 },
    (f) => ({ method: 'POST', url: `/api/patients/${f.patient.id}/documents`, ...pdfUpload() }),
  ],
  ['GET /api/patients/:id/documents', all(200), (f) => ({ url: `/api/patients/${f.patient.id}/documents` })],
  [
    'GET /api/patients/:id/documents/:docId',
    all(200),
    async (f) => ({ url: `/api/patients/${f.patient.id}/documents/${await documentOf(f.patient.id)}` }),
  ],
  [
    'GET /api/patients/:id/documents/:docId/content',
    { admin: 200, clinician: 200, front_desk: 403, patient: 200 },
    async (f) => ({
      url: `/api/patients/${f.patient.id}/documents/${await documentOf(f.patient.id)}/content`,
    }),
  ],
  [
    'GET /api/patients/:id/documents/:docId/lab-values',
    { admin: 200, clinician: 200, front_desk: 403, patient: 403 },
    async (f) => ({
      url: `/api/patients/${f.patient.id}/documents/${await documentOf(f.patient.id)}/lab-values`,
    }),
  ],
  [
    'DELETE /api/patients/:id/documents/:docId',
    { admin: 204, clinician: 204, front_desk: 403, patient: 403 },
    async (f) => ({
      method: 'DELETE',
      url: `/api/patients/${f.patient.id}/documents/${await documentOf(f.patient.id)}`,
    }),
  ],
  [
    'POST /api/knowledge/documents',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    () => ({ method: 'POST', url: '/api/knowledge/documents', ...pdfUpload() }),
  ],
  ['GET /api/knowledge/documents', all(200), () => ({ url: '/api/knowledge/documents' })],
  [
    'GET /api/knowledge/documents/:docId',
    all(200),
    async () => ({ url: `/api/knowledge/documents/${await documentOf(null)}` }),
  ],
  [
    'GET /api/knowledge/documents/:docId/content',
    all(200),
    async () => ({ url: `/api/knowledge/documents/${await documentOf(null)}/content` }),
  ],
  [
    'DELETE /api/knowledge/documents/:docId',
    { admin: 204, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({ method: 'DELETE', url: `/api/knowledge/documents/${await documentOf(null)}` }),
  ],
  [
    'POST /api/assistant/messages',
    all(200),
    () => ({ method: 'POST', url: '/api/assistant/messages', payload: { message: 'salt' } }),
  ],
  ['GET /api/assistant/conversations', all(200), () => ({ url: '/api/assistant/conversations' })],
  [
    'GET /api/assistant/conversations/:id',
    all(200),
    async (_f, role) => {
      const res = await fixtures.get(role)!.client({
        method: 'POST',
        url: '/api/assistant/messages',
        payload: { message: 'salt' },
      });
      return { url: `/api/assistant/conversations/${res.json<{ conversationId: string }>().conversationId}` };
    },
  ],
  // Voice is not configured here: 501 (not 403) shows every role may use it.
  [
    'POST /api/assistant/speech',
    all(501),
    () => ({ method: 'POST', url: '/api/assistant/speech', payload: { text: 'Hello' } }),
  ],
  [
    'POST /api/assistant/transcriptions',
    all(501),
    () => ({
      method: 'POST',
      url: '/api/assistant/transcriptions',
      headers: { 'content-type': 'audio/pcm' },
      payload: Buffer.alloc(64),
    }),
  ],
  ['GET /api/auth/me', all(200), () => ({ url: '/api/auth/me' })],
  [
    'DELETE /api/users/:id/lock',
    { admin: 204, clinician: 403, front_desk: 403, patient: 403 },
    (_f, role) => ({ method: 'DELETE', url: `/api/users/${fixtures.get(role)!.client.userId}/lock` }),
  ],
  // The CSV import of patients: admins only (issue 18).
  [
    'POST /api/imports/csv',
    { admin: 201, clinician: 403, front_desk: 403, patient: 403 },
    () => ({
      method: 'POST',
      url: '/api/imports/csv',
      headers: { 'content-type': 'text/csv' },
      payload: CSV,
    }),
  ],
  [
    'GET /api/imports/csv/:id',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({ url: `/api/imports/csv/${await csvUpload()}` }),
  ],
  [
    'POST /api/imports/csv/:id/preview',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({
      method: 'POST',
      url: `/api/imports/csv/${await csvUpload()}/preview`,
      payload: { mapping: CSV_MAPPING },
    }),
  ],
  [
    'POST /api/imports/csv/:id/run',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({
      method: 'POST',
      url: `/api/imports/csv/${await csvUpload()}/run`,
      payload: { mapping: CSV_MAPPING, dryRun: true },
    }),
  ],
  [
    'GET /api/imports/csv/:id/report',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({ url: `/api/imports/csv/${await csvUpload(true)}/report` }),
  ],
  [
    'GET /api/imports/csv/:id/rejected',
    { admin: 200, clinician: 403, front_desk: 403, patient: 403 },
    async () => ({ url: `/api/imports/csv/${await csvUpload(true)}/rejected` }),
  ],
  // Any signed-in user may change their own password (here refused for a wrong current one: 400, not 403).
  [
    'POST /api/auth/password',
    all(400),
    () => ({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not-the-current-one', newPassword: 'amber-harbour-violin-82' },
    }),
  ],
];

describe('permission matrix', () => {
  for (const [route, expected, build] of MATRIX) {
    it.each(ROLES)(`${route} as %s`, async (role) => {
      const { client, fixture } = fixtures.get(role)!;
      const request = await build(await fixture(), role);
      const requestId = `matrix-${++day}-${role}`;
      const res = await client({ ...request, headers: { ...request.headers, 'x-request-id': requestId } });
      expect(res.statusCode, res.body).toBe(expected[role]);
      if (res.statusCode === 403) expect(res.json()).toMatchObject({ code: 'FORBIDDEN' });
      // Every call on patient data, allowed or refused, leaves exactly one audit event.
      if (/^\/api\/(patients|appointments|reminders)\b/.test(String(request.url ?? ''))) {
        const events = await ctx.database.db
          .select()
          .from(auditEvents)
          .where(eq(auditEvents.requestId, requestId));
        expect(events, `audit events of ${route} as ${role}`).toHaveLength(1);
        expect(events[0]).toMatchObject({
          actorRole: role,
          outcome: res.statusCode < 400 ? 'success' : res.statusCode === 403 ? 'denied' : expect.any(String),
        });
      }
    });
  }

  it('covers every /api route the app mounts', () => {
    const documented = new Set(MATRIX.map(([route]) => route.replace(/ \(.*\)$/, '')));
    const doc = (ctx.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> })
      .paths;
    for (const [path, methods] of Object.entries(doc)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        if (['POST /api/auth/login', 'POST /api/auth/refresh', 'POST /api/auth/logout'].includes(key))
          continue;
        expect(documented, `${key} is missing from the matrix`).toContain(key);
      }
    }
  });
});
