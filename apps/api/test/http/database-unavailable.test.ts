import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { openPostgres } from '../../src/db/client.js';
import { createTestApp, testConfig, type TestContext } from '../support/app.js';
import { freePort } from '../support/server-process.js';

let ctx: TestContext;
let cut: App;
beforeAll(async () => {
  ctx = await createTestApp();
  // The same app, but its database is a port nobody listens on: a stopped or unreachable server.
  const port = await freePort();
  const database = openPostgres({
    url: `postgres://nobody@127.0.0.1:${port}/gone`,
    poolMax: 2,
    connectTimeoutMs: 1_000,
  });
  cut = await buildApp({ config: testConfig(), database, keyRing: ctx.keyRing });
  await cut.ready();
});
afterAll(async () => {
  await cut.close();
  await ctx.close();
});

const asAdmin = (url: string, init: { method?: 'GET' | 'POST'; payload?: object } = {}) =>
  cut.inject({ url, ...init, headers: { authorization: `Bearer ${ctx.inject.token}` } });

it('answers 503 DATABASE_UNAVAILABLE with Retry-After within two seconds when the database is away', async () => {
  for (const request of [
    () => asAdmin('/api/patients'),
    () => asAdmin('/api/patients/00000000-0000-4000-8000-000000000000'),
    () => asAdmin('/api/appointments', { method: 'POST', payload: {} }),
    () => asAdmin('/api/practitioners'),
  ]) {
    const started = Date.now();
    const res = await request();
    const took = Date.now() - started;
    if (res.statusCode === 400) continue; // an invalid body is refused before the database is asked
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(res.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(res.headers['retry-after']).toBe('2');
    expect(took).toBeLessThan(2_000);
  }
  const ready = await cut.inject('/health/ready');
  expect(ready.statusCode).toBe(503);
  expect((await cut.inject('/health')).statusCode).toBe(200);
});
