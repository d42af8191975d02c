import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, ErrorBody, Patient, Practitioner, User } from '@medicare/contracts';
import { createTestApp, TEST_PASSWORD, type TestContext } from '../support/app.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';

/**
 * What GET answers can be sent back with PUT as it is (issue 14): server-owned fields are accepted
 * and ignored, nullable fields take null, and only a contradicting id or e-mail is refused.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

async function book(day: number, extra: { notes?: string } = {}) {
  const [patient, doctor] = await Promise.all([createPatient(ctx), createPractitioner(ctx)]);
  return bookAppointment(ctx, {
    patientId: patient.id,
    practitionerId: doctor.id,
    ...slot(day, 9),
    ...extra,
  });
}

async function roundTrip<T extends { id: string; version: number }>(url: string, edit: (read: T) => T) {
  const read = await ctx.inject(url);
  expect(read.statusCode, read.body).toBe(200);
  const put = await ctx.inject({
    method: 'PUT',
    url,
    headers: read.headers.etag ? { 'if-match': String(read.headers.etag) } : {},
    payload: edit(read.json<T>()),
  });
  expect(put.statusCode, put.body).toBe(200);
  return { before: read.json<T>(), after: put.json<T>() };
}

describe('PUT takes back what GET gave', () => {
  it('a patient, with mrn, id, version and timestamps, and null for empty fields', async () => {
    const patient = await createPatient(ctx, { phone: undefined, email: undefined, address: undefined });
    const { before, after } = await roundTrip<Patient>(`/api/patients/${patient.id}`, (p) => ({
      ...p,
      givenName: 'Renamed',
    }));
    expect(before).toMatchObject({ phone: null, email: null, address: null });
    expect(after).toMatchObject({ id: patient.id, mrn: patient.mrn, givenName: 'Renamed', version: 2 });
    expect(after.createdAt).toBe(before.createdAt);
  });

  it('an appointment, with patientName and notes: null', async () => {
    const booked = await book(3);
    const { before, after } = await roundTrip<Appointment>(`/api/appointments/${booked.id}`, (a) => ({
      ...a,
      reason: 'Follow-up',
    }));
    expect(before).toMatchObject({ notes: null, patientName: booked.patientName });
    expect(after).toMatchObject({ reason: 'Follow-up', notes: null, version: 2 });
  });

  it('clears an appointment’s notes with null', async () => {
    const booked = await book(4, { notes: 'Bring the old results' });
    const { after } = await roundTrip<Appointment>(`/api/appointments/${booked.id}`, (a) => ({
      ...a,
      notes: null,
    }));
    expect(after.notes).toBeNull();
  });

  it('a practitioner, with specialty: null', async () => {
    const doctor = await createPractitioner(ctx, { specialty: undefined });
    const { before, after } = await roundTrip<Practitioner>(`/api/practitioners/${doctor.id}`, (p) => ({
      ...p,
      timeZone: 'Asia/Tokyo',
    }));
    expect(before.specialty).toBeNull();
    expect(after).toMatchObject({ specialty: null, timeZone: 'Asia/Tokyo', version: 2 });
  });

  it('a user, with the same e-mail address; a different one is refused', async () => {
    const created = await ctx.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'round.trip@clinic.test',
        name: 'Round Trip',
        role: 'clinician',
        password: TEST_PASSWORD,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json<User>();
    const { after } = await roundTrip<User>(`/api/users/${user.id}`, (u) => ({ ...u, name: 'Renamed' }));
    expect(after).toMatchObject({ name: 'Renamed', email: 'round.trip@clinic.test' });

    const moved = await ctx.inject({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { ...after, email: 'elsewhere@clinic.test' },
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json<ErrorBody>().issues).toEqual([
      { path: '/email', message: 'cannot be changed; create a new user for a new address' },
    ]);
  });

  it('refuses a body whose id names another record', async () => {
    const patient = await createPatient(ctx);
    const other = await createPatient(ctx);
    const res = await ctx.inject({
      method: 'PUT',
      url: `/api/patients/${patient.id}`,
      payload: { ...patient, id: other.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([
      { path: '/id', message: 'must be the id of the record in the address, or left out' },
    ]);
  });
});

describe('validation messages', () => {
  it('says what is wrong in words a desk clerk understands', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: {
        givenName: 'x'.repeat(101),
        birthDate: '31/01/1980',
        sex: 'female',
        email: 'not-an-address',
        phone: 5,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual(
      expect.arrayContaining([
        { path: '/familyName', message: 'is required' },
        { path: '/givenName', message: 'must be at most 100 characters' },
        { path: '/birthDate', message: 'must be a date like 1980-01-31' },
        { path: '/email', message: 'must be an e-mail address, like name@example.com' },
        { path: '/phone', message: 'must be text or empty (null)' },
      ]),
    );
    expect(JSON.stringify(res.json())).not.toMatch(/pattern|\\d|must match/);
  });
});
