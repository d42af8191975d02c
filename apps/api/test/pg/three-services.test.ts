import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Appointment, Patient, Practitioner } from '@medicare/contracts';
import { generateSigningJwk } from '../../src/auth/keys.js';
import { patientInput, practitionerInput, slot } from '../support/factories.js';
import { adminQuery, createFromTemplate, withDatabase } from '../support/postgres-server.js';
import {
  freePort,
  startServerProcess,
  SERVER_PROCESS_TIMEOUT_MS,
  FIRST_ADMIN,
  signInFirstAdmin,
  type ServerProcess,
} from '../support/server-process.js';

/**
 * The README's "Running the services separately", as written: three processes of one build on one
 * PostgreSQL, each with only DATABASE_URL, the keys, SERVICES and PORT (no other variable, so a
 * default that makes two processes fight over a port fails here).
 */
const name = `medicare_three_${randomBytes(6).toString('hex')}`;
const adminUrl = inject('postgresAdminUrl');
const servers: ServerProcess[] = [];

beforeAll(async () => {
  await createFromTemplate(adminUrl, name, inject('postgresTemplate'));
  const { privateJwk, publicJwk } = await generateSigningJwk();
  const shared = { DATABASE_URL: withDatabase(adminUrl, name), SEED_DEMO: 'false' };
  const publicKeys = JSON.stringify({ keys: [publicJwk] });
  const [patients, appointments, core] = await Promise.all(
    ['patients', 'appointments', 'core'].map(async (service) => {
      const keys: Record<string, string> =
        service === 'core'
          ? { AUTH_PRIVATE_KEY: JSON.stringify(privateJwk), ...FIRST_ADMIN }
          : { AUTH_PUBLIC_KEYS: publicKeys };
      return startServerProcess({ ...shared, ...keys, SERVICES: service, PORT: String(await freePort()) });
    }),
  );
  servers.push(patients!, appointments!, core!);
}, 180_000);

afterAll(async () => {
  for (const server of servers) expect(await server.stop()).toBe(0);
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
});

it(
  'starts all three side by side; each answers its own paths with a token core signed',
  async () => {
    const [patients, appointments, core] = servers as [ServerProcess, ServerProcess, ServerProcess];
    for (const server of servers) expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);

    const accessToken = await signInFirstAdmin(core.url);
    const post = async <T>(base: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return (await response.json()) as T;
    };

    const patient = await post<Patient>(patients.url, '/api/patients', patientInput());
    const practitioner = await post<Practitioner>(
      appointments.url,
      '/api/practitioners',
      practitionerInput(),
    );
    const booked = await post<Appointment>(appointments.url, '/api/appointments', {
      patientId: patient.id,
      practitionerId: practitioner.id,
      ...slot(3, 15),
    });
    expect(booked.patientId).toBe(patient.id);
    // Each owns only its paths.
    const auth = { authorization: `Bearer ${accessToken}` };
    expect((await fetch(`${patients.url}/api/appointments`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${appointments.url}/api/patients`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${core.url}/api/patients`, { headers: auth })).status).toBe(404);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);
