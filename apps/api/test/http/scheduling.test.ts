import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Appointment,
  AppointmentList,
  AppointmentType,
  Attendance,
  Availability,
  ErrorBody,
  Patient,
  Practitioner,
  SeriesCreated,
  SlotList,
  User,
} from '@medicare/contracts';
import { createTestApp, TEST_PASSWORD, type Caller, type TestContext } from '../support/app.js';
import { createPatient, createPractitioner } from '../support/factories.js';

/**
 * Working hours, appointment types, free slots, series and the day's work (issue 17). The clock
 * is the test's: it starts on Monday 2 March 2026, noon UTC, and moves where a test needs it.
 */
let now = new Date('2026-03-02T12:00:00Z');
let ctx: TestContext;
let admin: Caller;

/** Moves the clock; callers made before may have timed out, so this gives a fresh admin. */
async function at(iso: string): Promise<Caller> {
  now = new Date(iso);
  admin = await ctx.as('admin');
  return admin;
}

beforeAll(async () => {
  ctx = await createTestApp({ clock: () => now });
  admin = ctx.inject;
});
afterAll(() => ctx.close());

const NINE_TO_NOON = {
  weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
  exceptions: [],
};

async function practitioner(hours: object | 'default' = NINE_TO_NOON, timeZone = 'America/New_York') {
  await at(now.toISOString());
  return createPractitioner(admin, { timeZone }, hours as never);
}

async function type(body: object): Promise<AppointmentType> {
  const res = await admin({ method: 'POST', url: '/api/appointment-types', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<AppointmentType>();
}

async function slots(query: Record<string, string>, caller: Caller = admin): Promise<string[]> {
  const res = await caller(`/api/slots?${new URLSearchParams(query).toString()}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SlotList>().items.map((s) => s.start);
}

const book = (payload: object, caller: Caller = admin) =>
  caller({ method: 'POST', url: '/api/appointments', payload });

describe('working hours', () => {
  it('answers the clinic default until hours are set, then what was set, sorted', async () => {
    const dr = await practitioner('default', 'America/Los_Angeles');
    const first = await admin(`/api/practitioners/${dr.id}/availability`);
    expect(first.statusCode).toBe(200);
    expect(first.json<Availability>()).toMatchObject({
      isDefault: true,
      timeZone: 'America/Los_Angeles',
      exceptions: [],
    });
    expect(first.json<Availability>().weekly).toHaveLength(5);

    const put = await admin({
      method: 'PUT',
      url: `/api/practitioners/${dr.id}/availability`,
      payload: {
        weekly: [
          { weekday: 2, start: '14:00', end: '18:00' },
          { weekday: 2, start: '08:00', end: '12:30' },
        ],
        exceptions: [{ date: '2026-12-24', ranges: [] }],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const read = await admin(`/api/practitioners/${dr.id}/availability`);
    expect(read.json<Availability>()).toEqual({
      weekly: [
        { weekday: 2, start: '08:00', end: '12:30' },
        { weekday: 2, start: '14:00', end: '18:00' },
      ],
      exceptions: [{ date: '2026-12-24', ranges: [] }],
      timeZone: 'America/Los_Angeles',
      isDefault: false,
    });
    // A GET body goes back as it is.
    const again = await admin({
      method: 'PUT',
      url: `/api/practitioners/${dr.id}/availability`,
      payload: read.json(),
    });
    expect(again.statusCode, again.body).toBe(200);
  });

  it('refuses overlapping or backwards ranges, a date twice, odd times and unknown practitioners', async () => {
    const dr = await practitioner();
    const put = (payload: object, id = dr.id) =>
      admin({ method: 'PUT', url: `/api/practitioners/${id}/availability`, payload });
    const overlap = await put({
      weekly: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ],
      exceptions: [],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json<ErrorBody>().issues).toEqual([
      { path: '/weekly/1', message: 'overlaps another range of the same day' },
    ]);
    const backwards = await put({
      weekly: [],
      exceptions: [
        { date: '2026-05-01', ranges: [{ start: '12:00', end: '09:00' }] },
        { date: '2026-05-01', ranges: [] },
      ],
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json<ErrorBody>().issues).toEqual([
      { path: '/exceptions/0/ranges/0/end', message: 'must be after start' },
      { path: '/exceptions/1/date', message: 'is listed twice' },
    ]);
    for (const bad of ['9:00', '24:30', '12:60', '']) {
      const res = await put({ weekly: [{ weekday: 1, start: bad, end: '13:00' }], exceptions: [] });
      expect(res.statusCode, bad).toBe(400);
    }
    expect(
      (await put({ weekly: [{ weekday: 8, start: '09:00', end: '10:00' }], exceptions: [] })).statusCode,
    ).toBe(400);
    expect((await put(NINE_TO_NOON, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('appointment types', () => {
  it('adds, reads, lists and replaces a type; patients see only the self-bookable ones', async () => {
    const dr = await practitioner();
    const checkup = await type({ name: '  Check-up ', durationMinutes: 20, practitionerIds: [dr.id] });
    expect(checkup).toMatchObject({
      name: 'Check-up',
      durationMinutes: 20,
      bufferMinutes: 0,
      patientBookable: false,
      practitionerIds: [dr.id],
      active: true,
      version: 1,
    });
    const visit = await type({ name: 'Visit', durationMinutes: 30, patientBookable: true });

    const patient = await ctx.as('patient', (await createPatient(admin)).id);
    const seen = (await patient('/api/appointment-types?limit=100')).json<{ items: AppointmentType[] }>();
    expect(seen.items.map((t) => t.id)).toContain(visit.id);
    expect(seen.items.map((t) => t.id)).not.toContain(checkup.id);
    expect((await patient(`/api/appointment-types/${checkup.id}`)).statusCode).toBe(404);

    const byDoctor = (await admin(`/api/appointment-types?practitionerId=${dr.id}&limit=100`)).json<{
      items: AppointmentType[];
    }>();
    expect(byDoctor.items.map((t) => t.id)).toEqual(expect.arrayContaining([checkup.id, visit.id]));

    const replaced = await admin({
      method: 'PUT',
      url: `/api/appointment-types/${checkup.id}`,
      headers: { 'if-match': '"1"' },
      payload: { ...checkup, bufferMinutes: 10 },
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<AppointmentType>()).toMatchObject({ bufferMinutes: 10, version: 2 });
    const stale = await admin({
      method: 'PUT',
      url: `/api/appointment-types/${checkup.id}`,
      headers: { 'if-match': '"1"' },
      payload: { ...checkup, bufferMinutes: 5 },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('refuses unknown practitioners, blank names and lengths out of range', async () => {
    const unknown = await admin({
      method: 'POST',
      url: '/api/appointment-types',
      payload: { name: 'X', durationMinutes: 30, practitionerIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<ErrorBody>().issues).toEqual([
      { path: '/practitionerIds/0', message: 'no such practitioner' },
    ]);
    for (const payload of [
      { name: ' ', durationMinutes: 30 },
      { name: 'X', durationMinutes: 0 },
      { name: 'X', durationMinutes: 481 },
      { name: 'X', durationMinutes: 30, bufferMinutes: -1 },
    ]) {
      const res = await admin({ method: 'POST', url: '/api/appointment-types', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});

describe('GET /api/slots', () => {
  it('lists starts inside hours, clear of bookings and of the buffer after each', async () => {
    const dr = await practitioner();
    const consult = await type({
      name: 'Consult',
      durationMinutes: 30,
      bufferMinutes: 15,
      practitionerIds: [dr.id],
    });
    const patient = await createPatient(admin);
    // Tuesday 3 March 2026, 10:00–10:30 New York (EST, UTC−5), held until 10:45.
    const booked = await book({
      patientId: patient.id,
      practitionerId: dr.id,
      appointmentTypeId: consult.id,
      start: '2026-03-03T10:00:00-05:00',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json<Appointment>()).toMatchObject({
      end: '2026-03-03T15:30:00.000Z',
      appointmentTypeId: consult.id,
    });
    const starts = await slots({
      appointmentTypeId: consult.id,
      practitionerId: dr.id,
      from: '2026-03-03T00:00:00-05:00',
      to: '2026-03-04T00:00:00-05:00',
    });
    // 09:00, 09:15 (each with its buffer done by 10:00), then 10:45 … 11:30 (ends by noon).
    expect(starts).toEqual(
      ['14:00', '14:15', '15:45', '16:00', '16:15', '16:30'].map((t) => `2026-03-03T${t}:00.000Z`),
    );
    // The buffer is kept by the database too: a booking at 10:30 is a conflict.
    const intoBuffer = await book({
      patientId: (await createPatient(admin)).id,
      practitionerId: dr.id,
      start: '2026-03-03T10:30:00-05:00',
      end: '2026-03-03T11:00:00-05:00',
    });
    expect(intoBuffer.statusCode).toBe(409);
    expect(intoBuffer.json<ErrorBody>().details?.conflictingAppointmentId).toBe(
      booked.json<Appointment>().id,
    );
  });

  it('follows exceptions: a closed day has none, an extra day has its own', async () => {
    const dr = await practitioner({
      ...NINE_TO_NOON,
      exceptions: [
        { date: '2026-03-04', ranges: [] },
        { date: '2026-03-07', ranges: [{ start: '10:00', end: '11:00' }] },
      ],
    });
    const hour = await type({ name: 'Hour', durationMinutes: 60, practitionerIds: [dr.id] });
    const starts = await slots({
      appointmentTypeId: hour.id,
      practitionerId: dr.id,
      from: '2026-03-04T00:00:00-05:00',
      to: '2026-03-08T00:00:00-05:00',
    });
    const days = new Set(starts.map((s) => s.slice(0, 10)));
    expect(days).toEqual(new Set(['2026-03-05', '2026-03-06', '2026-03-07']));
    expect(starts.filter((s) => s.startsWith('2026-03-07'))).toEqual(['2026-03-07T15:00:00.000Z']);
  });

  it('keeps local hours across the March change in New York (EST to EDT)', async () => {
    const dr = await practitioner({
      weekly: [
        ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })),
        { weekday: 7, start: '01:00', end: '04:00' },
      ],
      exceptions: [],
    });
    const hour = await type({ name: 'Hour', durationMinutes: 60, practitionerIds: [dr.id] });
    const starts = await slots({
      appointmentTypeId: hour.id,
      practitionerId: dr.id,
      from: '2026-03-06T00:00:00Z',
      to: '2026-03-11T00:00:00Z',
    });
    expect(starts).toEqual([
      '2026-03-06T14:00:00.000Z', // Friday 09:00 EST
      // Sunday 8 March 01:00–04:00 local is two real hours (02:00–03:00 does not exist).
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T06:15:00.000Z',
      '2026-03-08T06:30:00.000Z',
      '2026-03-08T06:45:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T13:00:00.000Z', // Monday 09:00 EDT
      '2026-03-10T13:00:00.000Z',
    ]);
  });

  it('keeps local hours across the November change in New York (EDT to EST)', async () => {
    const dr = await practitioner({
      weekly: [
        ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '10:00' })),
        { weekday: 7, start: '01:00', end: '02:00' },
      ],
      exceptions: [],
    });
    const hour = await type({ name: 'Hour', durationMinutes: 60, practitionerIds: [dr.id] });
    const starts = await slots({
      appointmentTypeId: hour.id,
      practitionerId: dr.id,
      from: '2026-10-30T00:00:00Z',
      to: '2026-11-04T00:00:00Z',
    });
    expect(starts).toEqual([
      '2026-10-30T13:00:00.000Z', // Friday 09:00 EDT
      // Sunday 1 November 01:00–02:00 local lasts two real hours (01:00 EDT to 02:00 EST).
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:15:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T05:45:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-02T14:00:00.000Z', // Monday 09:00 EST
      '2026-11-03T14:00:00.000Z',
    ]);
  });

  it('without a practitioner, merges everyone who offers the type, in start order', async () => {
    const early = await practitioner({
      weekly: [{ weekday: 3, start: '09:00', end: '10:00' }],
      exceptions: [],
    });
    const late = await practitioner({
      weekly: [{ weekday: 3, start: '09:30', end: '10:30' }],
      exceptions: [],
    });
    const outsider = await practitioner({
      weekly: [{ weekday: 3, start: '08:00', end: '11:00' }],
      exceptions: [],
    });
    const hour = await type({ name: 'Hour', durationMinutes: 60, practitionerIds: [early.id, late.id] });
    const res = await admin(
      `/api/slots?appointmentTypeId=${hour.id}&from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z`,
    );
    expect(res.json<SlotList>().items).toEqual([
      { start: '2026-03-04T14:00:00.000Z', end: '2026-03-04T15:00:00.000Z', practitionerId: early.id },
      { start: '2026-03-04T14:30:00.000Z', end: '2026-03-04T15:30:00.000Z', practitionerId: late.id },
    ]);
    expect(res.json<SlotList>().items.map((s) => s.practitionerId)).not.toContain(outsider.id);
  });

  it('offers nothing in the past, and bounds the window', async () => {
    const dr = await practitioner();
    const hour = await type({ name: 'Hour', durationMinutes: 60, practitionerIds: [dr.id] });
    // Monday 2 March, 12:00 UTC is 07:00 in New York: the whole morning is ahead; a week ago is not.
    expect(
      await slots({ appointmentTypeId: hour.id, from: '2026-02-23T00:00:00Z', to: '2026-02-28T00:00:00Z' }),
    ).toEqual([]);
    const tooWide = await admin(
      `/api/slots?appointmentTypeId=${hour.id}&from=2026-03-01T00:00:00Z&to=2026-04-02T00:00:00Z`,
    );
    expect(tooWide.statusCode).toBe(400);
    expect(tooWide.json<ErrorBody>().issues).toEqual([
      { path: '/to', message: 'must be at most 31 days after from' },
    ]);
    const backwards = await admin(
      `/api/slots?appointmentTypeId=${hour.id}&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`,
    );
    expect(backwards.statusCode).toBe(400);
    const unknown = await admin(
      `/api/slots?appointmentTypeId=00000000-0000-4000-8000-000000000000&from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z`,
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().code).toBe('APPOINTMENT_TYPE_NOT_FOUND');
  });
});

describe('booking within working hours', () => {
  let dr: Practitioner;
  let patient: Patient;
  beforeAll(async () => {
    dr = await practitioner();
    patient = await createPatient(admin);
  });

  it('answers 422 OUTSIDE_AVAILABILITY, unless staff give a reason, which is kept', async () => {
    const body = {
      patientId: patient.id,
      practitionerId: dr.id,
      start: '2026-03-10T13:00:00-04:00',
      end: '2026-03-10T13:30:00-04:00',
    };
    const refused = await book(body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json<ErrorBody>()).toMatchObject({ code: 'OUTSIDE_AVAILABILITY' });
    expect(refused.json<ErrorBody>().message).toContain('2026-03-10 13:00 (America/New_York)');
    const forced = await book({ ...body, override: { reason: 'Results review after clinic' } });
    expect(forced.statusCode, forced.body).toBe(201);
    expect(forced.json<Appointment>().overrideReason).toBe('Results review after clinic');
    const blank = await book({
      ...body,
      start: '2026-03-11T13:00:00-04:00',
      end: '2026-03-11T13:30:00-04:00',
      override: { reason: ' ' },
    });
    expect(blank.statusCode).toBe(400);
  });

  it('lets a patient book a free slot of a self-bookable type for themselves only, never overriding', async () => {
    const visit = await type({
      name: 'Visit',
      durationMinutes: 30,
      patientBookable: true,
      practitionerIds: [dr.id],
    });
    const staffOnly = await type({ name: 'Procedure', durationMinutes: 30, practitionerIds: [dr.id] });
    const me = await ctx.as('patient', patient.id);
    const slot = { practitionerId: dr.id, start: '2026-03-12T09:00:00-04:00' };
    const noType = await book({ patientId: patient.id, ...slot, end: '2026-03-12T09:30:00-04:00' }, me);
    expect(noType.statusCode).toBe(422);
    expect(noType.json<ErrorBody>().code).toBe('APPOINTMENT_TYPE_NOT_BOOKABLE');
    const notMine = await book({ patientId: patient.id, ...slot, appointmentTypeId: staffOnly.id }, me);
    expect(notMine.json<ErrorBody>().code).toBe('APPOINTMENT_TYPE_NOT_BOOKABLE');
    const other = await createPatient(admin);
    const forOther = await book({ patientId: other.id, ...slot, appointmentTypeId: visit.id }, me);
    expect(forOther.statusCode).toBe(422);
    expect(forOther.json<ErrorBody>().code).toBe('APPOINTMENT_REFERENCE_INVALID');
    const override = await book(
      {
        patientId: patient.id,
        ...slot,
        start: '2026-03-12T19:00:00-04:00',
        appointmentTypeId: visit.id,
        override: { reason: 'please' },
      },
      me,
    );
    expect(override.statusCode).toBe(403);
    const evening = await book(
      { patientId: patient.id, ...slot, start: '2026-03-12T19:00:00-04:00', appointmentTypeId: visit.id },
      me,
    );
    expect(evening.json<ErrorBody>().code).toBe('OUTSIDE_AVAILABILITY');
    // A patient books the type's length, whatever end they send.
    const ok = await book(
      {
        patientId: patient.id,
        ...slot,
        end: '2026-03-12T11:00:00-04:00',
        appointmentTypeId: visit.id,
        status: 'arrived',
      },
      me,
    );
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<Appointment>()).toMatchObject({ end: '2026-03-12T13:30:00.000Z', status: 'booked' });
  });
});

describe('recurring series', () => {
  let dr: Practitioner;
  let weekly: AppointmentType;
  beforeAll(async () => {
    dr = await practitioner();
    weekly = await type({ name: 'Therapy', durationMinutes: 45, practitionerIds: [dr.id] });
  });
  const series = async (rrule: string, extra: object = {}, start = '2026-03-02T09:00:00-05:00') => {
    const patient = await createPatient(admin);
    const res = await book({
      patientId: patient.id,
      practitionerId: dr.id,
      appointmentTypeId: weekly.id,
      start,
      recurrence: { rrule, ...extra },
    });
    return { res, patient };
  };

  it('books every occurrence at the same local time across the change to summer time', async () => {
    const { res } = await series('FREQ=WEEKLY;COUNT=6');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<SeriesCreated>();
    expect(body.items.map((a) => a.start)).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
      '2026-03-23T13:00:00.000Z',
      '2026-03-30T13:00:00.000Z',
      '2026-04-06T13:00:00.000Z',
    ]);
    expect(body.skipped).toEqual([]);
    expect(new Set(body.items.map((a) => a.seriesId))).toEqual(new Set([body.seriesId]));
    const listed = await admin(`/api/appointments?seriesId=${body.seriesId}`);
    expect(listed.json<{ items: Appointment[] }>().items).toHaveLength(6);
  });

  it('books nothing when one occurrence clashes, naming each clash; or skips them when asked', async () => {
    const blocker = await book({
      patientId: (await createPatient(admin)).id,
      practitionerId: dr.id,
      start: '2026-03-17T09:30:00-04:00',
      end: '2026-03-17T10:00:00-04:00',
    });
    expect(blocker.statusCode).toBe(201);
    const { res, patient } = await series('FREQ=WEEKLY;COUNT=4', {}, '2026-03-03T09:00:00-05:00');
    expect(res.statusCode).toBe(409);
    const error = res.json<ErrorBody>();
    expect(error.code).toBe('APPOINTMENT_CONFLICT');
    expect(error.details?.conflicts).toEqual([
      {
        start: '2026-03-17T13:00:00.000Z',
        end: '2026-03-17T13:45:00.000Z',
        conflictingAppointmentId: blocker.json<Appointment>().id,
      },
    ]);
    const none = await admin(`/api/appointments/patient/${patient.id}`);
    expect(none.json<{ items: Appointment[] }>().items).toEqual([]);

    const { res: skipping } = await series(
      'FREQ=WEEKLY;COUNT=4',
      { onConflict: 'skip' },
      '2026-03-03T09:00:00-05:00',
    );
    expect(skipping.statusCode, skipping.body).toBe(201);
    expect(skipping.json<SeriesCreated>().items).toHaveLength(3);
    expect(skipping.json<SeriesCreated>().skipped).toEqual([
      { start: '2026-03-17T13:00:00.000Z', end: '2026-03-17T13:45:00.000Z' },
    ]);
  });

  it('refuses rules that never end, run past 52, are finer than daily, or are not rules', async () => {
    for (const rrule of [
      'FREQ=WEEKLY',
      'FREQ=DAILY;COUNT=53',
      'FREQ=HOURLY;COUNT=3',
      'FREQ=WEEKLY;COUNT=x',
      'DTSTART:20260101T000000Z',
      'FREQ=WEEKLY;COUNT=2\nRRULE:FREQ=DAILY',
      'NONSENSE',
      'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2',
      'FREQ=MONTHLY;UNTIL=tomorrow',
      'FREQ=WEEKLY;INTERVAL=0;COUNT=2',
      'FREQ=WEEKLY;BYDAY=XX;COUNT=2',
      'FREQ=DAILY;BYMINUTE=0,15;COUNT=4',
    ]) {
      const { res } = await series(rrule);
      expect(res.statusCode, `${rrule}: ${res.body}`).toBe(400);
      expect(res.json<ErrorBody>().issues?.[0]?.path).toBe('/recurrence/rrule');
    }
  });

  it('refuses the whole series when one occurrence falls outside working hours', async () => {
    const { res } = await series('FREQ=DAILY;COUNT=7'); // Saturday and Sunday are closed
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>().code).toBe('OUTSIDE_AVAILABILITY');
  });

  it('cancels one, this and following, or all; undo brings back what one cancel took', async () => {
    const { res } = await series('FREQ=WEEKLY;COUNT=5', {}, '2026-03-05T09:00:00-05:00');
    const items = res.json<SeriesCreated>().items;
    const cancel = (id: string, payload: object) =>
      admin({ method: 'POST', url: `/api/appointments/${id}/cancel`, payload });
    const one = await cancel(items[1]!.id, { reason: 'Away' });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json<AppointmentList>().items).toMatchObject([
      { id: items[1]!.id, status: 'cancelled', cancellationReason: 'Away', cancelledAt: now.toISOString() },
    ]);
    await at('2026-03-02T12:01:00Z');
    const following = await cancel(items[3]!.id, { scope: 'following' });
    expect(following.json<AppointmentList>().items.map((a) => a.id)).toEqual([items[3]!.id, items[4]!.id]);

    // Undo the second cancel: both come back; the first cancel's stays.
    const undo = await admin({ method: 'POST', url: `/api/appointments/${items[4]!.id}/undo-cancel` });
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json<AppointmentList>().items.map((a) => [a.id, a.status, a.cancelledAt])).toEqual([
      [items[3]!.id, 'booked', null],
      [items[4]!.id, 'booked', null],
    ]);

    const all = await cancel(items[0]!.id, { scope: 'all' });
    expect(all.json<AppointmentList>().items.map((a) => a.id)).toEqual([
      items[0]!.id,
      items[2]!.id,
      items[3]!.id,
      items[4]!.id,
    ]);
    // Ten minutes on, it is too late to undo.
    await at(new Date(now.getTime() + 11 * 60_000).toISOString());
    const late = await admin({ method: 'POST', url: `/api/appointments/${items[0]!.id}/undo-cancel` });
    expect(late.statusCode).toBe(422);
    expect(late.json<ErrorBody>().code).toBe('UNDO_WINDOW_PASSED');
    await at('2026-03-02T12:00:00Z');
  });

  it('does not undo a cancellation into a slot someone else has taken since', async () => {
    const patient = await createPatient(admin);
    const mine = await book({
      patientId: patient.id,
      practitionerId: dr.id,
      start: '2026-03-20T11:00:00-04:00',
      end: '2026-03-20T11:30:00-04:00',
    });
    const id = mine.json<Appointment>().id;
    await admin({ method: 'POST', url: `/api/appointments/${id}/cancel`, payload: {} });
    const taken = await book({
      patientId: (await createPatient(admin)).id,
      practitionerId: dr.id,
      start: '2026-03-20T11:00:00-04:00',
      end: '2026-03-20T11:30:00-04:00',
    });
    expect(taken.statusCode).toBe(201);
    const undo = await admin({ method: 'POST', url: `/api/appointments/${id}/undo-cancel` });
    expect(undo.statusCode).toBe(409);
    expect(undo.json<ErrorBody>().details?.conflictingAppointmentId).toBe(taken.json<Appointment>().id);
    expect((await admin(`/api/appointments/${id}`)).json<Appointment>().status).toBe('cancelled');
  });

  it('moves this and the following occurrences by the same local change, or refuses them all', async () => {
    const { res } = await series('FREQ=WEEKLY;COUNT=3', {}, '2026-03-04T10:00:00-05:00');
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json<SeriesCreated>().items;
    const moved = await admin({
      method: 'POST',
      url: `/api/appointments/${items[0]!.id}/move`,
      payload: { start: '2026-03-04T11:00:00-05:00', scope: 'following' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<AppointmentList>().items.map((a) => [a.start, a.end])).toEqual([
      ['2026-03-04T16:00:00.000Z', '2026-03-04T16:45:00.000Z'],
      ['2026-03-11T15:00:00.000Z', '2026-03-11T15:45:00.000Z'], // 11:00 EDT
      ['2026-03-18T15:00:00.000Z', '2026-03-18T15:45:00.000Z'],
    ]);
    const blocker = await book({
      patientId: (await createPatient(admin)).id,
      practitionerId: dr.id,
      start: '2026-03-18T09:00:00-04:00',
      end: '2026-03-18T09:30:00-04:00',
    });
    expect(blocker.statusCode).toBe(201);
    const refused = await admin({
      method: 'POST',
      url: `/api/appointments/${items[0]!.id}/move`,
      payload: { start: '2026-03-04T09:00:00-05:00', scope: 'all' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ErrorBody>().details?.conflicts).toHaveLength(1);
    expect((await admin(`/api/appointments/${items[0]!.id}`)).json<Appointment>().start).toBe(
      '2026-03-04T16:00:00.000Z',
    );
  });
});

describe("a patient's own changes and the day's work", () => {
  it('lets a patient cancel or move up to the cut-off, then answers 422 CANCELLATION_WINDOW_PASSED', async () => {
    const dr = await practitioner();
    const visit = await type({
      name: 'Visit',
      durationMinutes: 30,
      patientBookable: true,
      practitionerIds: [dr.id],
    });
    const patient = await createPatient(admin);
    let me = await ctx.as('patient', patient.id);
    const soon = await book(
      {
        patientId: patient.id,
        practitionerId: dr.id,
        appointmentTypeId: visit.id,
        start: '2026-03-03T09:00:00-05:00',
      },
      me,
    );
    expect(soon.statusCode, soon.body).toBe(201);
    const later = await book(
      {
        patientId: patient.id,
        practitionerId: dr.id,
        appointmentTypeId: visit.id,
        start: '2026-03-05T09:00:00-05:00',
      },
      me,
    );
    // 16:00 UTC: the appointment at 14:00 UTC tomorrow is 22 hours away, inside the 24-hour cut-off.
    await at('2026-03-02T16:00:00Z');
    me = await ctx.as('patient', patient.id);
    const tooLate = await me({
      method: 'POST',
      url: `/api/appointments/${soon.json<Appointment>().id}/cancel`,
      payload: {},
    });
    expect(tooLate.statusCode).toBe(422);
    expect(tooLate.json<ErrorBody>()).toMatchObject({
      code: 'CANCELLATION_WINDOW_PASSED',
      details: { deadline: '2026-03-02T14:00:00.000Z' },
    });
    const viaPut = await me({
      method: 'PUT',
      url: `/api/appointments/${soon.json<Appointment>().id}`,
      payload: { ...soon.json<Appointment>(), status: 'cancelled' },
    });
    expect(viaPut.json<ErrorBody>().code).toBe('CANCELLATION_WINDOW_PASSED');
    const moveLate = await me({
      method: 'POST',
      url: `/api/appointments/${soon.json<Appointment>().id}/move`,
      payload: { start: '2026-03-06T09:00:00-05:00' },
    });
    expect(moveLate.json<ErrorBody>().code).toBe('CANCELLATION_WINDOW_PASSED');
    // Staff may still cancel it.
    expect(
      (
        await admin({
          method: 'POST',
          url: `/api/appointments/${soon.json<Appointment>().id}/cancel`,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);

    const laterId = later.json<Appointment>().id;
    const moved = await me({
      method: 'POST',
      url: `/api/appointments/${laterId}/move`,
      payload: { start: '2026-03-06T10:00:00-05:00' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<AppointmentList>().items[0]).toMatchObject({
      start: '2026-03-06T15:00:00.000Z',
      end: '2026-03-06T15:30:00.000Z',
    });
    const outside = await me({
      method: 'POST',
      url: `/api/appointments/${laterId}/move`,
      payload: { start: '2026-03-07T10:00:00-05:00' },
    });
    expect(outside.json<ErrorBody>().code).toBe('OUTSIDE_AVAILABILITY');
    const cancelled = await me({
      method: 'POST',
      url: `/api/appointments/${laterId}/cancel`,
      payload: { reason: 'Feeling better' },
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<AppointmentList>().items[0]).toMatchObject({
      status: 'cancelled',
      cancellationReason: 'Feeling better',
    });
    await at('2026-03-02T12:00:00Z');
  });

  it('marks arrived only on the appointment’s own day in the practitioner’s zone, and counts no-shows', async () => {
    const dr = await practitioner({ ...NINE_TO_NOON }, 'America/Los_Angeles');
    const patient = await createPatient(admin);
    const appt = (
      await book({
        patientId: patient.id,
        practitionerId: dr.id,
        start: '2026-03-04T09:00:00-08:00',
        end: '2026-03-04T09:30:00-08:00',
      })
    ).json<Appointment>();
    const arrive = (caller: Caller) =>
      caller({ method: 'PUT', url: `/api/appointments/${appt.id}`, payload: { ...appt, status: 'arrived' } });
    // 3 March 23:30 in Los Angeles is already 4 March in UTC, but not there.
    const early = await arrive(await at('2026-03-04T07:30:00Z'));
    expect(early.statusCode).toBe(422);
    expect(early.json<ErrorBody>()).toMatchObject({ code: 'NOT_APPOINTMENT_DAY' });
    expect(early.json<ErrorBody>().message).toContain('2026-03-04');
    const onTheDay = await arrive(await at('2026-03-04T16:45:00Z'));
    expect(onTheDay.statusCode, onTheDay.body).toBe(200);

    const missed = (
      await book({
        patientId: patient.id,
        practitionerId: dr.id,
        start: '2026-03-05T09:00:00-08:00',
        end: '2026-03-05T09:30:00-08:00',
      })
    ).json<Appointment>();
    const noshow = await admin({
      method: 'PUT',
      url: `/api/appointments/${missed.id}`,
      payload: { ...missed, status: 'noshow' },
    });
    expect(noshow.statusCode, noshow.body).toBe(200);
    const attendance = await admin(`/api/appointments/patient/${patient.id}/attendance`);
    expect(attendance.json<Attendance>()).toEqual({
      patientId: patient.id,
      noShows: 1,
      lastNoShowAt: '2026-03-05T17:00:00.000Z',
    });
    const stranger = await ctx.as('patient', (await createPatient(admin)).id);
    expect((await stranger(`/api/appointments/patient/${patient.id}/attendance`)).statusCode).toBe(404);
    await at('2026-03-02T12:00:00Z');
  });

  it('links a clinician user to their practitioner, and no other role', async () => {
    const dr = await practitioner();
    const created = await admin({
      method: 'POST',
      url: '/api/users',
      payload: {
        email: `dr.${Date.now()}@clinic.test`,
        name: 'Dr Who',
        role: 'clinician',
        practitionerId: dr.id,
        password: TEST_PASSWORD,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json<User>();
    expect(user.practitionerId).toBe(dr.id);
    const desk = await admin({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { role: 'front_desk', practitionerId: dr.id },
    });
    expect(desk.statusCode).toBe(400);
    expect(desk.json<ErrorBody>().issues).toEqual([
      { path: '/practitionerId', message: 'only a clinician is linked to a practitioner' },
    ]);
    const unknown = await admin({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { practitionerId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(400);
    const unlinked = await admin({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { practitionerId: null },
    });
    expect(unlinked.json<User>().practitionerId).toBeNull();
  });
});
