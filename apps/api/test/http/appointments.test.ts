import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentPage, ErrorBody, Patient, Practitioner } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';

let ctx: TestContext;
let doctor: Practitioner;
let otherDoctor: Practitioner;
let patient: Patient;
let otherPatient: Patient;

beforeAll(async () => {
  ctx = await createTestApp();
  doctor = await createPractitioner(ctx);
  otherDoctor = await createPractitioner(ctx);
  patient = await createPatient(ctx);
  otherPatient = await createPatient(ctx);
});
afterAll(() => ctx.close());

const post = (payload: object) => ctx.inject({ method: 'POST', url: '/api/appointments', payload });

describe('POST /api/appointments', () => {
  it('books a slot, booked by default, answering in UTC', async () => {
    const res = await post({
      patientId: patient.id,
      practitionerId: doctor.id,
      start: '2030-02-01T09:00:00+01:00',
      end: '2030-02-01T09:30:00+01:00',
      reason: 'Check-up',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<Appointment>()).toMatchObject({
      start: '2030-02-01T08:00:00.000Z',
      end: '2030-02-01T08:30:00.000Z',
      status: 'booked',
      reason: 'Check-up',
      notes: null,
      version: 1,
      patientName: `${patient.givenName} ${patient.familyName}`,
    });
    expect(res.headers.etag).toBe('"1"');
  });

  it('refuses a time without an offset, an end before the start and more than 8 hours', async () => {
    const base = { patientId: patient.id, practitionerId: doctor.id };
    const noOffset = await post({ ...base, start: '2030-02-02T09:00:00', end: '2030-02-02T09:30:00' });
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.json<ErrorBody>().issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(['/start', '/end']),
    );

    const backwards = await post({ ...base, ...slot(2, 10, 30), end: slot(2, 9).start });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<ErrorBody>().issues).toEqual([{ path: '/end', message: 'must be after start' }]);

    const tooLong = await post({ ...base, ...slot(2, 6, 8 * 60 + 1) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json<ErrorBody>().issues).toEqual([
      { path: '/end', message: 'must be at most 8 hours after start' },
    ]);

    const eightHours = await post({ ...base, ...slot(3, 6, 8 * 60) });
    expect(eightHours.statusCode).toBe(201);
  });

  it('answers 422 naming a patient or practitioner that does not exist', async () => {
    const nobody = '00000000-0000-4000-8000-000000000000';
    const res = await post({ patientId: nobody, practitionerId: nobody, ...slot(4, 9) });
    expect(res.statusCode).toBe(422);
    const body = res.json<ErrorBody>();
    expect(body.code).toBe('APPOINTMENT_REFERENCE_INVALID');
    expect(body.issues).toEqual([
      { path: '/patientId', message: 'no such patient' },
      { path: '/practitionerId', message: 'no such practitioner' },
    ]);
  });

  it('refuses to double-book a practitioner, naming the clashing appointment', async () => {
    const first = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(5, 9, 60),
    });
    const res = await post({ patientId: otherPatient.id, practitionerId: doctor.id, ...slot(5, 9, 30, 30) });
    expect(res.statusCode).toBe(409);
    const body = res.json<ErrorBody>();
    expect(body.code).toBe('APPOINTMENT_CONFLICT');
    expect(body.message).toMatch(/practitioner/i);
    expect(body.details?.conflictingAppointmentId).toBe(first.id);
  });

  it('refuses to double-book a patient with two practitioners', async () => {
    const first = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(6, 9),
    });
    const res = await post({ patientId: patient.id, practitionerId: otherDoctor.id, ...slot(6, 9, 15, 15) });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().message).toMatch(/patient/i);
    expect(res.json<ErrorBody>().details?.conflictingAppointmentId).toBe(first.id);
  });

  it('allows back-to-back appointments and reuse of a cancelled slot', async () => {
    await bookAppointment(ctx, { patientId: patient.id, practitionerId: doctor.id, ...slot(7, 9) });
    await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(7, 9, 30, 30),
    });
    const cancelled = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(7, 11),
      status: 'cancelled',
    });
    expect(cancelled.status).toBe('cancelled');
    await bookAppointment(ctx, { patientId: otherPatient.id, practitionerId: doctor.id, ...slot(7, 11) });
  });
});

describe('PUT /api/appointments/:id', () => {
  it('reschedules and changes status with If-Match, 412 when stale', async () => {
    const appt = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(8, 9),
    });
    // (Arrived only on the appointment's day: scheduling.test.ts.)
    const body = { patientId: patient.id, practitionerId: doctor.id, ...slot(8, 10), status: 'fulfilled' };
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/appointments/${appt.id}`,
      headers: { 'if-match': '"1"' },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Appointment>()).toMatchObject({
      start: slot(8, 10).start,
      status: 'fulfilled',
      version: 2,
    });
    expect(res.headers.etag).toBe('"2"');

    const stale = await ctx.inject({
      method: 'PUT',
      url: `/api/appointments/${appt.id}`,
      headers: { 'if-match': '"1"' },
      payload: body,
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json<ErrorBody>().code).toBe('PRECONDITION_FAILED');
  });

  it('refuses a reschedule onto a taken slot and keeps the appointment where it was', async () => {
    const taken = await bookAppointment(ctx, {
      patientId: otherPatient.id,
      practitionerId: doctor.id,
      ...slot(9, 14),
    });
    const mine = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(9, 9),
    });
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/appointments/${mine.id}`,
      payload: { patientId: patient.id, practitionerId: doctor.id, ...slot(9, 14) },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().details?.conflictingAppointmentId).toBe(taken.id);
    expect((await ctx.inject(`/api/appointments/${mine.id}`)).json<Appointment>().start).toBe(mine.start);
  });

  it('lets an appointment move within its own slot', async () => {
    const appt = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(10, 9, 60),
    });
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/appointments/${appt.id}`,
      payload: { patientId: patient.id, practitionerId: doctor.id, ...slot(10, 9, 30, 30) },
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers 404 for an unknown appointment', async () => {
    const res = await ctx.inject({
      method: 'PUT',
      url: '/api/appointments/00000000-0000-4000-8000-000000000000',
      payload: { patientId: patient.id, practitionerId: doctor.id, ...slot(11, 9) },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().code).toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('reading and deleting', () => {
  it('reads one, 404 when unknown, 404 after delete', async () => {
    const appt = await bookAppointment(ctx, {
      patientId: patient.id,
      practitionerId: doctor.id,
      ...slot(12, 9),
    });
    const res = await ctx.inject(`/api/appointments/${appt.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(appt);
    expect((await ctx.inject({ method: 'DELETE', url: `/api/appointments/${appt.id}` })).statusCode).toBe(
      204,
    );
    expect((await ctx.inject(`/api/appointments/${appt.id}`)).statusCode).toBe(404);
    expect((await ctx.inject({ method: 'DELETE', url: `/api/appointments/${appt.id}` })).statusCode).toBe(
      404,
    );
    // The slot is free again.
    await bookAppointment(ctx, { patientId: patient.id, practitionerId: doctor.id, ...slot(12, 9) });
  });

  it('lists by window, practitioner and status, in start order, paging with a cursor', async () => {
    const dr = await createPractitioner(ctx);
    const p = await createPatient(ctx);
    const made = [];
    for (const hour of [13, 9, 11])
      made.push(await bookAppointment(ctx, { patientId: p.id, practitionerId: dr.id, ...slot(20, hour) }));
    await bookAppointment(ctx, {
      patientId: p.id,
      practitionerId: dr.id,
      ...slot(21, 9),
      status: 'noshow',
    });

    const window = `from=${encodeURIComponent(slot(20, 0).start)}&to=${encodeURIComponent(slot(21, 0).start)}`;
    const first = (
      await ctx.inject(`/api/appointments?practitionerId=${dr.id}&${window}&limit=2`)
    ).json<AppointmentPage>();
    expect(first.items.map((a) => a.start)).toEqual([slot(20, 9).start, slot(20, 11).start]);
    const second = (
      await ctx.inject(
        `/api/appointments?practitionerId=${dr.id}&${window}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json<AppointmentPage>();
    expect(second.items.map((a) => a.start)).toEqual([slot(20, 13).start]);
    expect(second.nextCursor).toBeNull();

    const noshows = (
      await ctx.inject(`/api/appointments?practitionerId=${dr.id}&status=noshow`)
    ).json<AppointmentPage>();
    expect(noshows.items.map((a) => a.start)).toEqual([slot(21, 9).start]);
  });

  it('refuses a window whose end is not after its start', async () => {
    const res = await ctx.inject(
      `/api/appointments?from=${encodeURIComponent(slot(2, 9).start)}&to=${encodeURIComponent(slot(1, 9).start)}`,
    );
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([{ path: '/to', message: 'must be after from' }]);
  });
});

describe('GET /api/appointments/patient/:patientId', () => {
  it('lists one patient’s appointments and 404s for an unknown patient', async () => {
    const p = await createPatient(ctx);
    const a = await bookAppointment(ctx, {
      patientId: p.id,
      practitionerId: otherDoctor.id,
      ...slot(30, 9),
    });
    const res = await ctx.inject(`/api/appointments/patient/${p.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<AppointmentPage>().items).toEqual([a]);
    const unknown = await ctx.inject('/api/appointments/patient/00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().code).toBe('PATIENT_NOT_FOUND');
  });

  it('hides the appointments of a deleted patient and frees their slots', async () => {
    const p = await createPatient(ctx);
    const a = await bookAppointment(ctx, {
      patientId: p.id,
      practitionerId: otherDoctor.id,
      ...slot(31, 9),
    });
    expect((await ctx.inject({ method: 'DELETE', url: `/api/patients/${p.id}` })).statusCode).toBe(204);
    expect((await ctx.inject(`/api/appointments/${a.id}`)).statusCode).toBe(404);
    expect((await ctx.inject(`/api/appointments/patient/${p.id}`)).statusCode).toBe(404);
    const list = (
      await ctx.inject(`/api/appointments?practitionerId=${otherDoctor.id}`)
    ).json<AppointmentPage>();
    expect(list.items.map((x) => x.id)).not.toContain(a.id);
    await bookAppointment(ctx, {
      patientId: otherPatient.id,
      practitionerId: otherDoctor.id,
      ...slot(31, 9),
    });
  });

  it('will not book a deleted patient', async () => {
    const p = await createPatient(ctx);
    await ctx.inject({ method: 'DELETE', url: `/api/patients/${p.id}` });
    const res = await post({ patientId: p.id, practitionerId: doctor.id, ...slot(32, 9) });
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>().issues).toEqual([{ path: '/patientId', message: 'no such patient' }]);
  });
});

describe('GET /api/practitioners/:id/busy', () => {
  it('answers the taken times in a window, and nothing about who', async () => {
    const dr = await createPractitioner(ctx);
    const p = await createPatient(ctx);
    await bookAppointment(ctx, { patientId: p.id, practitionerId: dr.id, ...slot(40, 9) });
    await bookAppointment(ctx, {
      patientId: p.id,
      practitionerId: dr.id,
      ...slot(40, 11),
      status: 'cancelled',
    });
    await bookAppointment(ctx, { patientId: p.id, practitionerId: dr.id, ...slot(40, 14, 60) });
    const window = `from=${encodeURIComponent(slot(40, 0).start)}&to=${encodeURIComponent(slot(41, 0).start)}`;
    const portal = await ctx.as('patient', otherPatient.id);
    const res = await portal(`/api/practitioners/${dr.id}/busy?${window}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      practitionerId: dr.id,
      from: slot(40, 0).start,
      to: slot(41, 0).start,
      intervals: [slot(40, 9), slot(40, 14, 60)],
    });
    expect(res.body).not.toContain(p.id);
  });

  it('refuses a window over 31 days or backwards, and an unknown practitioner', async () => {
    const dr = await createPractitioner(ctx);
    const long = await ctx.inject(
      `/api/practitioners/${dr.id}/busy?from=${encodeURIComponent(slot(1, 0).start)}&to=${encodeURIComponent(slot(40, 0).start)}`,
    );
    expect(long.statusCode).toBe(400);
    const backwards = await ctx.inject(
      `/api/practitioners/${dr.id}/busy?from=${encodeURIComponent(slot(2, 0).start)}&to=${encodeURIComponent(slot(1, 0).start)}`,
    );
    expect(backwards.statusCode).toBe(400);
    const unknown = await ctx.inject(
      `/api/practitioners/00000000-0000-4000-8000-000000000000/busy?from=${encodeURIComponent(slot(1, 0).start)}&to=${encodeURIComponent(slot(2, 0).start)}`,
    );
    expect(unknown.statusCode).toBe(404);
  });
});
