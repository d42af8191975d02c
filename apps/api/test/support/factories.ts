import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type {
  Appointment,
  AppointmentInput,
  Patient,
  PatientInput,
  Practitioner,
  PractitionerInput,
} from '@medicare/contracts';
import type { App } from '../../src/app.js';

let counter = 0;
const unique = () =>
  `${++counter}${randomUUID().slice(0, 6)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);

/** A valid patient body; every call gives a different name so duplicates only happen on purpose. */
export function patientInput(overrides: Partial<PatientInput> = {}): PatientInput {
  return {
    givenName: `Ada${unique()}`,
    familyName: 'Lovelace',
    birthDate: '1985-12-10',
    sex: 'female',
    phone: '+44 20 7946 0018',
    email: 'ada@example.org',
    address: { line: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    preferredLanguage: 'en-GB',
    contactConsent: { sms: true, email: false },
    ...overrides,
  };
}

async function created<T>(app: App, url: string, body: unknown): Promise<T> {
  const res = await app.inject({ method: 'POST', url, payload: body as object });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<T>();
}

export const createPatient = (app: App, overrides: Partial<PatientInput> = {}) =>
  created<Patient>(app, '/api/patients?allowDuplicate=true', patientInput(overrides));

export function practitionerInput(overrides: Partial<PractitionerInput> = {}): PractitionerInput {
  return {
    givenName: 'Gregory',
    familyName: `House${unique()}`,
    specialty: 'Diagnostics',
    timeZone: 'America/New_York',
    ...overrides,
  };
}

export const createPractitioner = (app: App, overrides: Partial<PractitionerInput> = {}) =>
  created<Practitioner>(app, '/api/practitioners', practitionerInput(overrides));

/** A slot in the future: `day` days ahead at `hour`:`minute` UTC, `minutes` long. */
export function slot(day: number, hour: number, minutes = 30, minute = 0): { start: string; end: string } {
  const start = new Date(Date.UTC(2030, 0, 1 + day, hour, minute));
  return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

export const bookAppointment = (app: App, input: AppointmentInput) =>
  created<Appointment>(app, '/api/appointments', input);
