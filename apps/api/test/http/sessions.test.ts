import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { LoginResult } from '@medicare/contracts';
import { keyRingFrom } from '../../src/auth/keys.js';
import { insertUser } from '../../src/modules/users/users.repository.js';
import { createTestApp, TEST_PASSWORD, testPasswordHash, type TestContext } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { createPatient } from '../support/factories.js';

/**
 * Ending a session stops its access tokens on every service, a verifying-only one included, within
 * 5 seconds: core ends it, the patients service (public keys only) must start refusing the token.
 * Run with the revocation list in Redis (TEST_REDIS_URL, a key prefix of this run's own) and in
 * the database. The clock is the services' injectable one: each poll moves it 100 ms, so the lag is
 * measured in the time the services see, without waiting for it.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const modes = [
  { name: 'in the database (no Redis)', redis: false },
  ...(redisUrl ? [{ name: 'in Redis', redis: true }] : []),
];

describe.each(modes)('revocation list $name', ({ redis: withRedis }) => {
  let now = new Date('2030-05-01T08:00:00Z');
  const clock = () => now;
  let database: TestDatabase;
  let core: TestContext;
  let patientsService: TestContext;
  const clients: Redis[] = [];
  let n = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    const shared = { ...database, close: async () => {} };
    const prefix = `test:revocations:${randomUUID()}:`;
    const redis = () => {
      if (!withRedis) return undefined;
      const client = new Redis(redisUrl!, { keyPrefix: prefix, maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    };
    core = await createTestApp({ database: shared, clock, redis: redis() });
    patientsService = await createTestApp({
      database: shared,
      services: ['patients'],
      keyRing: await keyRingFrom(undefined, JSON.stringify(core.keyRing.jwks)),
      clock,
      redis: redis(),
    });
  });
  afterAll(async () => {
    await patientsService.close();
    await core.close();
    await database.close();
    for (const client of clients) {
      const keys = await client.keys(`${client.options.keyPrefix}*`);
      if (keys.length > 0) await client.del(...keys.map((k) => k.slice(client.options.keyPrefix!.length)));
      client.disconnect();
    }
  });

  async function signIn(role: 'clinician' | 'patient', patientId: string | null = null) {
    const email = `session${++n}.${randomUUID()}@sessions.test`;
    const user = await insertUser(database.db, {
      email,
      name: 'Someone',
      role,
      patientId,
      passwordHash: await testPasswordHash(),
    });
    const res = await core.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: TEST_PASSWORD },
      remoteAddress: `10.60.${n % 250}.1`,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'mh_refresh')!.value;
    return { user, accessToken: res.json<LoginResult>().accessToken, cookie };
  }

  const onPatients = (token: string, url = '/api/patients') =>
    patientsService.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  /** Polls the patients service with the old token, 100 ms of service time apart, until refused. */
  async function lagUntilRefused(token: string, url?: string): Promise<number> {
    const start = now.getTime();
    while (now.getTime() - start <= 5_000) {
      if ((await onPatients(token, url)).statusCode === 401) return now.getTime() - start;
      now = new Date(now.getTime() + 100);
    }
    throw new Error('the token still worked 5 s after its session ended');
  }

  it('logout with the access token alone: its refresh cookie stops too, and the token within 5 s', async () => {
    const { accessToken, cookie } = await signIn('clinician');
    expect((await onPatients(accessToken)).statusCode).toBe(200);
    const out = await core.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(out.statusCode).toBe(204);
    const refreshed = await core.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { mh_refresh: cookie },
    });
    expect(refreshed.statusCode).toBe(401);
    // On core itself at once.
    const me = await core.app.inject({
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.statusCode).toBe(401);
    expect(await lagUntilRefused(accessToken)).toBeLessThanOrEqual(5_000);
  });

  it('logout with the refresh cookie alone: the access tokens of its session stop', async () => {
    const { accessToken, cookie } = await signIn('clinician');
    expect((await onPatients(accessToken)).statusCode).toBe(200);
    const out = await core.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { mh_refresh: cookie },
    });
    expect(out.statusCode).toBe(204);
    expect(await lagUntilRefused(accessToken)).toBeLessThanOrEqual(5_000);
  });

  it('deactivation and a role change stop the user’s tokens on every service', async () => {
    for (const change of [{ active: false }, { role: 'front_desk' }]) {
      const { user, accessToken } = await signIn('clinician');
      expect((await onPatients(accessToken)).statusCode).toBe(200);
      const res = await core.inject({ method: 'PUT', url: `/api/users/${user.id}`, payload: change });
      expect(res.statusCode).toBe(200);
      expect(await lagUntilRefused(accessToken)).toBeLessThanOrEqual(5_000);
    }
  });

  it('relinking a patient user to another record stops the token that still names the first', async () => {
    const first = await createPatient(core.inject);
    const second = await createPatient(core.inject, { familyName: 'Other' });
    const { user, accessToken } = await signIn('patient', first.id);
    expect((await onPatients(accessToken, `/api/patients/${first.id}`)).statusCode).toBe(200);
    const res = await core.inject({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { patientId: second.id },
    });
    expect(res.statusCode).toBe(200);
    expect(await lagUntilRefused(accessToken, `/api/patients/${first.id}`)).toBeLessThanOrEqual(5_000);
  });
});

/**
 * The same on the wall clock, as deployed: the services poll the list on their own schedule, and
 * this polls the verifying-only service until it refuses the token, bounded by the 5 s promise.
 */
describe(`revocation lag on the wall clock ${redisUrl ? '(Redis)' : '(database)'}`, () => {
  it('a logged-out token is refused by the patients service within 5 s', async () => {
    const database = await createTestDatabase();
    const shared = { ...database, close: async () => {} };
    const prefix = `test:revocations:${randomUUID()}:`;
    const clients = redisUrl
      ? [new Redis(redisUrl, { keyPrefix: prefix }), new Redis(redisUrl, { keyPrefix: prefix })]
      : [];
    const core = await createTestApp({ database: shared, redis: clients[0] });
    const patientsService = await createTestApp({
      database: shared,
      services: ['patients'],
      keyRing: await keyRingFrom(undefined, JSON.stringify(core.keyRing.jwks)),
      redis: clients[1],
    });
    const clinician = await core.as('clinician');
    const onPatients = () =>
      patientsService.app.inject({
        url: '/api/patients',
        headers: { authorization: `Bearer ${clinician.token}` },
      });
    expect((await onPatients()).statusCode).toBe(200);

    expect((await clinician({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const start = performance.now();
    let lag: number | undefined;
    while (performance.now() - start < 5_000) {
      if ((await onPatients()).statusCode === 401) {
        lag = performance.now() - start;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // the polling interval, not a wait for an event
    }
    console.info(`revocation lag, wall clock, ${redisUrl ? 'Redis' : 'database'}: ${lag?.toFixed(0)} ms`);
    expect(lag).toBeDefined();

    await patientsService.close();
    await core.close();
    await database.close();
    for (const client of clients) {
      await client.del('revoked-sessions');
      client.disconnect();
    }
  });
});
