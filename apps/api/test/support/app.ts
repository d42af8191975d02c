import { buildApp, type App } from '../../src/app.js';
import { SERVICE_NAMES, type ServiceName } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export type TestContext = { app: App; database: TestDatabase; close: () => Promise<void> };

/** The real app on a fresh database, with a config literal; closing it drops the database. */
export async function createTestApp(
  options: { services?: ServiceName[]; bodyLimitBytes?: number; database?: TestDatabase } = {},
): Promise<TestContext> {
  const database = options.database ?? (await createTestDatabase());
  const app = await buildApp({
    config: {
      services: new Set(options.services ?? SERVICE_NAMES),
      bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
      webDistDir: '/nonexistent',
    },
    database,
  });
  await app.ready();
  return { app, database, close: () => app.close() };
}
