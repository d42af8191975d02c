import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type {
  Appointment,
  AppointmentInput,
  AvailabilityInput,
  Patient,
  PatientInput,
  Practitioner,
  PractitionerInput,
} from '@medicare/contracts';
import type { Inject } from './app.js';

/** Anything that sends requests as a signed-in user (TestContext has `inject`). */
type Client = { inject: Inject } | Inject;
const send = (client: Client): Inject => (typeof client === 'function' ? client : client.inject);

let counter = 0;
const unique = () =>
  `${++counter}${randomUUID().slice(0, 6)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);

let phones = 0;
/** A different number each call: the same birth date and phone digits also make a likely duplicate. */
const phone = () => `+44 20 7946 ${String(++phones % 10_000).padStart(4, '0')}`;

/** A valid patient body; every call gives a different name and phone so duplicates only happen on purpose. */
export function patientInput(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    givenName: `Ada${unique()}`,
    familyName: 'Lovelace',
    birthDate: '1985-12-10',
    sex: 'female',
    phone: phone(),
    email: 'ada@example.org',
    address: { line: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    preferredLanguage: 'en-GB',
    contactConsent: { sms: true, email: false },
    ...overrides,
  };
}

async function created<T>(client: Client, url: string, body: unknown): Promise<T> {
  const res = await send(client)({ method: 'POST', url, payload: body as object });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T>();
}

export const createPatient = (client: Client, overrides: Partial<PatientInput> = {}) =>
  created<Patient>(client, '/api/patients?allowDuplicate=true', patientInput(overrides));

export function practitionerInput(overrides: Partial<PractitionerInput> = {}): PractitionerInput {
  return {
    givenName: 'Gregory',
    familyName: `House${unique()}`,
    specialty: 'Diagnostics',
    timeZone: 'America/New_York',
    ...overrides,
  };
}

/** Working hours around the clock, every day: for tests about something else than hours. */
export const ALWAYS_OPEN: AvailabilityInput = {
  weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  exceptions: [],
};

/**
 * A practitioner, open around the clock unless `hours` says otherwise (`'default'`: none set, so the
 * clinic default Monday–Friday 08:00–18:00 in their zone applies).
 */
export async function createPractitioner(
  client: Client,
  overrides: Partial<PractitionerInput> = {},
  hours: AvailabilityInput | 'default' = ALWAYS_OPEN,
): Promise<Practitioner> {
  const practitioner = await created<Practitioner>(
    client,
    '/api/practitioners',
    practitionerInput(overrides),
  );
  if (hours !== 'default') {
    const res = await send(client)({
      method: 'PUT',
      url: `/api/practitioners/${practitioner.id}/availability`,
      payload: hours,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  return practitioner;
}

/** A slot in the future: `day` days ahead at `hour`:`minute` UTC, `minutes` long. */
export function slot(day: number, hour: number, minutes = 30, minute = 0): { start: string; end: string } {
  const start = new Date(Date.UTC(2030, 0, 1 + day, hour, minute));
  return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

export const bookAppointment = (client: Client, input: AppointmentInput) =>
  created<Appointment>(client, '/api/appointments', input);
