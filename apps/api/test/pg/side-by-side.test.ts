import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Appointment, Patient, Practitioner } from '@medicare/contracts';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { patientInput, practitionerInput, slot } from '../support/factories.js';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.js';

let database: TestDatabase;
let patients: ServerProcess;
let appointments: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase({ poolMax: 1 });
  const common = { DATABASE_URL: database.url!, DATA_DIR: '/nonexistent' };
  [patients, appointments] = await Promise.all([
    startServerProcess({ ...common, SERVICES: 'patients', PORT: String(await freePort()) }),
    startServerProcess({ ...common, SERVICES: 'appointments', PORT: String(await freePort()) }),
  ]);
});

afterAll(async () => {
  await Promise.all([patients?.stop(), appointments?.stop()]);
  await database.close();
});

const json = async <T>(url: string, init?: RequestInit) => {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as T };
};

it('the patient and appointment services run as two processes on one PostgreSQL', async () => {
  const patient = await json<Patient>(`${patients.url}/api/patients`, {
    method: 'POST',
    body: JSON.stringify(patientInput()),
  });
  expect(patient.status).toBe(201);
  const doctor = await json<Practitioner>(`${appointments.url}/api/practitioners`, {
    method: 'POST',
    body: JSON.stringify(practitionerInput()),
  });
  const booked = await json<Appointment>(`${appointments.url}/api/appointments`, {
    method: 'POST',
    body: JSON.stringify({ patientId: patient.body.id, practitionerId: doctor.body.id, ...slot(50, 9) }),
  });
  expect(booked.status).toBe(201);
  const list = await json<{ items: Appointment[] }>(
    `${appointments.url}/api/appointments/patient/${patient.body.id}`,
  );
  expect(list.body.items.map((a) => a.id)).toEqual([booked.body.id]);

  // Each mounts only its own paths.
  expect((await fetch(`${patients.url}/api/appointments`)).status).toBe(404);
  expect((await fetch(`${appointments.url}/api/patients`)).status).toBe(404);
  // Deleting the patient in one service hides their appointments in the other.
  expect((await fetch(`${patients.url}/api/patients/${patient.body.id}`, { method: 'DELETE' })).status).toBe(
    204,
  );
  expect((await fetch(`${appointments.url}/api/appointments/${booked.body.id}`)).status).toBe(404);
});

it('each closes cleanly on SIGTERM with exit code 0', async () => {
  expect(await patients.stop('SIGTERM')).toBe(0);
  expect(await appointments.stop('SIGTERM')).toBe(0);
});
