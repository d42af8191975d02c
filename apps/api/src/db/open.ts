import type { Config } from '../config.js';
import { openPglite, openPostgres, type Database } from './client.js';
import { migrate } from './migrate.js';

/** Opens the configured database (embedded PGlite or a PostgreSQL pool) and applies migrations. */
export async function openDatabase(config: Pick<Config, 'database'>): Promise<Database> {
  const database =
    config.database.kind === 'pglite'
      ? await openPglite(config.database.dataDir)
      : openPostgres(config.database);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
