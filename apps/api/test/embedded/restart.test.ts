import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Patient } from '@medicare/contracts';
import { openDatabase } from '../../src/db/open.js';
import { seedDemoIfWanted } from '../../src/db/seed-demo.js';
import { createTestApp } from '../support/app.js';
import { patientInput } from '../support/factories.js';

/**
 * Each test migrates new embedded databases from nothing (and one seeds the demo clinic): on a busy
 * shared CPU that took more than the default 30 s and failed at random (seen at 39 s).
 */
const FRESH_DATABASES_TIMEOUT_MS = 180_000;

const dataDir = mkdtempSync(join(tmpdir(), 'medicare-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function start() {
  const database = await openDatabase({ database: { kind: 'pglite', dataDir: join(dataDir, 'pg') } });
  const ctx = await createTestApp({ database });
  return { database, app: ctx.app, inject: ctx.inject };
}

it(
  'keeps what was written across a stop and a start of the embedded database',
  async () => {
    const first = await start();
    expect(first.database.freshlyCreated).toBe(true);
    const created = await first.inject({
      method: 'POST',
      url: '/api/patients',
      payload: patientInput({ familyName: 'Persistent' }),
    });
    expect(created.statusCode).toBe(201);
    await first.app.close();

    const second = await start();
    expect(second.database.freshlyCreated).toBe(false);
    const read = await second.inject(`/api/patients/${created.json<Patient>().id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json<Patient>().familyName).toBe('Persistent');
    await second.app.close();
  },
  FRESH_DATABASES_TIMEOUT_MS,
);

it(
  'loads the demo clinic only into a new embedded database, and not when SEED_DEMO=false',
  async () => {
    const fresh = await openDatabase({ database: { kind: 'pglite', dataDir: join(dataDir, 'demo') } });
    const summary = await seedDemoIfWanted(fresh, { seedDemo: undefined }, new Date('2026-11-23T08:00:00Z'));
    expect(summary).toMatchObject({ practitioners: 4, patients: 50 });
    expect(summary!.appointments).toBeGreaterThan(50);
    // Adults come with a year of vitals and labs, so their risk score works out of the box.
    expect(summary!.observations).toBeGreaterThan(200);
    await fresh.close();

    const again = await openDatabase({ database: { kind: 'pglite', dataDir: join(dataDir, 'demo') } });
    expect(await seedDemoIfWanted(again, { seedDemo: undefined })).toBeUndefined();
    await again.close();

    const refused = await openDatabase({ database: { kind: 'pglite', dataDir: join(dataDir, 'no-demo') } });
    expect(await seedDemoIfWanted(refused, { seedDemo: false })).toBeUndefined();
    await refused.close();
  },
  FRESH_DATABASES_TIMEOUT_MS,
);
