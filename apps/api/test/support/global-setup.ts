import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite, PGLITE_EXTENSIONS } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { prepareTemplate, startThrowawayPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteImage: string;
    postgresAdminUrl: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates once into a golden image; each test file then starts from a fresh copy of it
 * (PGlite: a data-directory dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env.TEST_DB;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'medicare-pglite-'));
    const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    await migrate(fromPglite(client));
    const image = await client.dumpDataDir('none');
    await client.close();
    const file = join(dir, 'golden.tar');
    writeFileSync(file, Buffer.from(await image.arrayBuffer()));
    project.provide('pgliteImage', file);
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const server = process.env.TEST_DATABASE_URL
    ? { url: process.env.TEST_DATABASE_URL, stop: async () => {} }
    : await startThrowawayPostgres();
  const template = await prepareTemplate(server.url);
  project.provide('postgresAdminUrl', server.url);
  project.provide('postgresTemplate', template.name);
  return async () => {
    await template.drop();
    await server.stop();
  };
}
