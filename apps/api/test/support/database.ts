import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, openPostgres, PGLITE_EXTENSIONS, type Database } from '../../src/db/client.js';
import { createFromTemplate, adminQuery, withDatabase } from './postgres-server.js';

export type TestDatabase = Database & { url?: string };

/** A fresh database for one test file, on the engine this project runs against (TEST_DB). */
export async function createTestDatabase(options: { poolMax?: number } = {}): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'pglite') {
    const image = new Blob([readFileSync(inject('pgliteImage'))]);
    const client = await PGlite.create({ loadDataDir: image, extensions: PGLITE_EXTENSIONS });
    return fromPglite(client);
  }
  const adminUrl = inject('postgresAdminUrl');
  const name = `medicare_test_${randomBytes(6).toString('hex')}`;
  await createFromTemplate(adminUrl, name, inject('postgresTemplate'));
  const url = withDatabase(adminUrl, name);
  const database = openPostgres({ url, poolMax: options.poolMax ?? 10 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
