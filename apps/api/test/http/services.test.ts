import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathPatternsOf, ROUTE_OWNERS, serviceOfPath } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** SERVICES decides which paths a process mounts, as the load balancer splits them (docs/architecture.md). */
describe('SERVICES', () => {
  let database: TestDatabase;
  let patientsOnly: TestContext;
  let appointmentsOnly: TestContext;
  beforeAll(async () => {
    database = await createTestDatabase();
    // Both share the database; closing either app would close it, so we close it once at the end.
    const shared = { ...database, close: async () => {} };
    patientsOnly = await createTestApp({ services: ['patients'], database: shared });
    appointmentsOnly = await createTestApp({ services: ['appointments'], database: shared });
  });
  afterAll(async () => {
    await patientsOnly.close();
    await appointmentsOnly.close();
    await database.close();
  });

  it('patients mounts /health and /api/patients only', async () => {
    expect((await patientsOnly.inject('/health')).statusCode).toBe(200);
    expect((await patientsOnly.inject('/health/ready')).statusCode).toBe(200);
    expect((await patientsOnly.inject('/api/patients')).statusCode).toBe(200);
    expect((await patientsOnly.inject('/api/appointments')).statusCode).toBe(404);
    expect((await patientsOnly.inject('/api/practitioners')).statusCode).toBe(404);
  });

  it('appointments mounts /api/appointments, /api/practitioners and /api/appointment-reminders only', async () => {
    expect((await appointmentsOnly.inject('/health')).statusCode).toBe(200);
    expect((await appointmentsOnly.inject('/api/appointments')).statusCode).toBe(200);
    expect((await appointmentsOnly.inject('/api/practitioners')).statusCode).toBe(200);
    expect((await appointmentsOnly.inject('/api/appointment-reminders/outbox')).statusCode).toBe(200);
    expect((await appointmentsOnly.inject('/api/patients')).statusCode).toBe(404);
  });

  it('mounts every path under each of contracts’ ROUTE_OWNERS stems in its owner, and nowhere else', async () => {
    // One list route under each path the stems cover (the reminders' outbox is their only list).
    const paths = [
      '/api/patients',
      '/api/appointments',
      '/api/appointment-types',
      '/api/appointment-reminders/outbox',
      '/api/practitioners',
      '/api/slots',
    ];
    for (const stem of Object.keys(ROUTE_OWNERS)) {
      expect(
        paths.some((p) => p.startsWith(stem)),
        stem,
      ).toBe(true);
    }
    for (const path of paths) {
      const owner = serviceOfPath(path);
      expect(owner, path).not.toBe('core');
      const [mine, other] =
        owner === 'patients' ? [patientsOnly, appointmentsOnly] : [appointmentsOnly, patientsOnly];
      // Mounted: answered by its route (200, or 400 where a query is required, as /api/slots), not 404.
      expect((await mine.inject(path)).statusCode, path).not.toBe(404);
      expect((await other.inject(path)).statusCode, path).toBe(404);
    }
  });
});

describe('ROUTE_OWNERS', () => {
  it('names the service of a path as the load balancer does', () => {
    expect(serviceOfPath('/api/patients/1/observations')).toBe('patients');
    expect(serviceOfPath('/api/practitioners')).toBe('appointments');
    expect(serviceOfPath('/predict')).toBe('core');
    expect(serviceOfPath('/api/auth/login')).toBe('core');
    expect(serviceOfPath('/api/appointment-reminders/outbox')).toBe('appointments');
    expect(serviceOfPath('/api/appointment-types')).toBe('appointments');
    expect(serviceOfPath('/api/slots')).toBe('appointments');
    expect(pathPatternsOf('appointments')).toEqual([
      '/api/appointment*',
      '/api/practitioners*',
      '/api/slots*',
    ]);
    expect(pathPatternsOf('core')).toEqual([]);
  });
});
