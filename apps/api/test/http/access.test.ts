import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentPage, Patient, PatientPage } from '@medicare/contracts';
import { createTestApp, type Inject, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';

/** Patient A reaches for everything of patient B: every answer is as if B did not exist. */
let ctx: TestContext;
let a: Patient;
let b: Patient;
let asA: Inject;
let bAppointment: Appointment;
let aAppointment: Appointment;
let doctorId: string;
let visitTypeId: string;

beforeAll(async () => {
  ctx = await createTestApp();
  a = await createPatient(ctx, { familyName: 'Alpha' });
  b = await createPatient(ctx, { familyName: 'Bravo' });
  asA = await ctx.as('patient', a.id);
  doctorId = (await createPractitioner(ctx)).id;
  // A patient books only types they may book themselves.
  const visit = await ctx.inject({
    method: 'POST',
    url: '/api/appointment-types',
    payload: { name: 'Visit', durationMinutes: 30, patientBookable: true },
  });
  visitTypeId = visit.json<{ id: string }>().id;
  aAppointment = await bookAppointment(ctx, { patientId: a.id, practitionerId: doctorId, ...slot(300, 9) });
  bAppointment = await bookAppointment(ctx, { patientId: b.id, practitionerId: doctorId, ...slot(300, 10) });
});
afterAll(() => ctx.close());

describe('a patient and someone else’s records', () => {
  it.each([
    ['the record', () => `/api/patients/${b.id}`, 'PATIENT_NOT_FOUND'],
    ['the access log', () => `/api/patients/${b.id}/access-log`, 'PATIENT_NOT_FOUND'],
    ['an appointment', () => `/api/appointments/${bAppointment.id}`, 'APPOINTMENT_NOT_FOUND'],
    ['the appointment list', () => `/api/appointments/patient/${b.id}`, 'PATIENT_NOT_FOUND'],
  ])('%s: 404, the same as for a record that does not exist', async (_name, url, code) => {
    const res = await asA(url());
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code });
  });

  // One check for every feature (requirePatientInScope): scope first, so the audit trail says `denied`
  // whether B exists or not (the appointments list used to look B up first and record `error`).
  it.each([
    ['appointments', (id: string) => `/api/appointments/patient/${id}`],
    ['observations', (id: string) => `/api/patients/${id}/observations`],
    ['documents', (id: string) => `/api/patients/${id}/documents`],
    ['risk', (id: string) => `/api/patients/${id}/risk`],
    ['access log', (id: string) => `/api/patients/${id}/access-log`],
  ])('%s of B, or of nobody: 404, audited as denied', async (_name, url) => {
    for (const id of [b.id, '00000000-0000-4000-8000-00000000000b']) {
      const res = await asA(url(id));
      expect(res.statusCode, url(id)).toBe(404);
      expect(
        (await auditOf(ctx.database, res)).map((e) => e.outcome),
        url(id),
      ).toEqual(['denied']);
    }
  });

  it('cannot cancel or change B’s appointment (404), nor book for B (422 as for nobody)', async () => {
    const cancel = await asA({
      method: 'PUT',
      url: `/api/appointments/${bAppointment.id}`,
      payload: {
        patientId: b.id,
        practitionerId: doctorId,
        start: bAppointment.start,
        end: bAppointment.end,
        status: 'cancelled',
      },
    });
    expect(cancel.statusCode).toBe(404);
    const book = await asA({
      method: 'POST',
      url: '/api/appointments',
      payload: { patientId: b.id, practitionerId: doctorId, ...slot(301, 9) },
    });
    expect(book.statusCode).toBe(422);
    expect(book.json().issues).toEqual([{ path: '/patientId', message: 'no such patient' }]);
    expect((await ctx.inject(`/api/appointments/${bAppointment.id}`)).json<Appointment>().status).toBe(
      'booked',
    );
  });

  it('cannot move their own appointment onto B’s record', async () => {
    const res = await asA({
      method: 'PUT',
      url: `/api/appointments/${aAppointment.id}`,
      payload: {
        patientId: b.id,
        practitionerId: doctorId,
        start: aAppointment.start,
        end: aAppointment.end,
        status: 'cancelled',
      },
    });
    expect(res.statusCode).toBe(403);
  });

  it('never sees B in a list or a search, whatever the filter', async () => {
    const everyone = (await asA('/api/patients?limit=100')).json<PatientPage>();
    expect(everyone.items.map((p) => p.id)).toEqual([a.id]);
    const search = (await asA('/api/patients?q=Bravo')).json<PatientPage>();
    expect(search.items).toEqual([]);
    const appointments = (await asA(`/api/appointments?patientId=${b.id}&limit=100`)).json<AppointmentPage>();
    expect(appointments.items.map((x) => x.patientId)).not.toContain(b.id);
    const mine = (await asA('/api/appointments?limit=100')).json<AppointmentPage>();
    expect(mine.items.map((x) => x.id)).toEqual([aAppointment.id]);
  });

  it('still reads, books and cancels their own', async () => {
    expect((await asA(`/api/patients/${a.id}`)).statusCode).toBe(200);
    const booked = await asA({
      method: 'POST',
      url: '/api/appointments',
      payload: { patientId: a.id, practitionerId: doctorId, appointmentTypeId: visitTypeId, ...slot(302, 9) },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const cancelled = await asA({
      method: 'PUT',
      url: `/api/appointments/${booked.json<Appointment>().id}`,
      payload: { patientId: a.id, practitionerId: doctorId, ...slot(302, 9), status: 'cancelled' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Appointment>().status).toBe('cancelled');
  });
});
