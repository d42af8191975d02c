import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Appointment, Patient, Practitioner } from '@medicare/contracts';
import { keyRingFrom } from '../../src/auth/keys.js';
import { insertPractitioner } from '../../src/modules/practitioners/practitioners.repository.js';
import { signAccessToken } from '../../src/auth/tokens.js';
import { insertSession } from '../../src/modules/auth/auth.repository.js';
import { insertUser } from '../../src/modules/users/users.repository.js';
import { testConfig, testPasswordHash, testPrivateKey } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { patientInput, practitionerInput, slot } from '../support/factories.js';
import {
  freePort,
  startServerProcess,
  SERVER_PROCESS_TIMEOUT_MS,
  type ServerProcess,
} from '../support/server-process.js';

let database: TestDatabase;
let patients: ServerProcess;
let appointments: ServerProcess;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase({ poolMax: 1 });
  // The services get only the public key: they verify tokens, and could not sign one.
  const ring = await keyRingFrom(await testPrivateKey(), undefined);
  const user = await insertUser(database.db, {
    email: 'desk@side-by-side.test',
    name: 'Desk',
    role: 'front_desk',
    patientId: null,
    passwordHash: await testPasswordHash(),
  });
  const session = await insertSession(database.db, user.id, new Date());
  token = await signAccessToken(
    ring,
    testConfig().auth,
    { userId: user.id, role: 'front_desk', patientId: null, sessionId: session.id },
    new Date(),
  );
  const common = {
    DATABASE_URL: database.url!,
    DATA_DIR: '/nonexistent',
    AUTH_PUBLIC_KEYS: JSON.stringify(ring.jwks),
  };
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
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init?.body) headers['content-type'] = 'application/json';
  const res = await fetch(url, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
};

it(
  'the patient and appointment services run as two processes on one PostgreSQL',
  async () => {
    const patient = await json<Patient>(`${patients.url}/api/patients`, {
      method: 'POST',
      body: JSON.stringify(patientInput()),
    });
    expect(patient.status, JSON.stringify(patient.body)).toBe(201);
    // Practitioners are the admin’s to add; the desk finds them in the list. (10:00 New York on a
    // Wednesday: inside the default working hours, since this one has none set.)
    await insertPractitioner(database.db, { ...practitionerInput(), specialty: null });
    const staff = await json<{ items: Practitioner[] }>(`${appointments.url}/api/practitioners`);
    const doctor = { body: staff.body.items[0]! };
    const booked = await json<Appointment>(`${appointments.url}/api/appointments`, {
      method: 'POST',
      body: JSON.stringify({ patientId: patient.body.id, practitionerId: doctor.body.id, ...slot(50, 15) }),
    });
    expect(booked.status).toBe(201);
    const list = await json<{ items: Appointment[] }>(
      `${appointments.url}/api/appointments/patient/${patient.body.id}`,
    );
    expect(list.body.items.map((a) => a.id)).toEqual([booked.body.id]);

    // Each mounts only its own paths.
    expect((await json(`${patients.url}/api/appointments`)).status).toBe(404);
    expect((await json(`${appointments.url}/api/patients`)).status).toBe(404);
    // A front desk may not delete a patient: the verifying-only service knows the role from the token.
    expect((await json(`${patients.url}/api/patients/${patient.body.id}`, { method: 'DELETE' })).status).toBe(
      403,
    );
    // A status change in the appointment service.
    const cancelled = await json<Appointment>(`${appointments.url}/api/appointments/${booked.body.id}`, {
      method: 'PUT',
      body: JSON.stringify({
        patientId: patient.body.id,
        practitionerId: doctor.body.id,
        ...slot(50, 15),
        status: 'cancelled',
      }),
    });
    expect(cancelled.body.status).toBe('cancelled');
    // A tampered token is refused.
    const forged = await fetch(`${patients.url}/api/patients`, {
      headers: { authorization: `Bearer ${token.slice(0, -2)}xx` },
    });
    expect(forged.status).toBe(401);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);

it(
  'each closes cleanly on SIGTERM with exit code 0',
  async () => {
    expect(await patients.stop('SIGTERM')).toBe(0);
    expect(await appointments.stop('SIGTERM')).toBe(0);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);
