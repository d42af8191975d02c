import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config.js';
import { openPglite, openPostgres, type Database } from './client.js';
import { migrate } from './migrate.js';
import { secretPassword } from './secret-password.js';

/**
 * Opens the configured database (embedded PGlite or a PostgreSQL pool) and applies migrations, unless the
 * config says this process must not (a service role that owns no tables: core's migration task migrates).
 */
export async function openDatabase(config: Pick<Config, 'database'>): Promise<Database> {
  const database =
    config.database.kind === 'pglite'
      ? await openPglite(config.database.dataDir)
      : openPostgres({
          ...config.database,
          password: config.database.passwordSecretArn
            ? secretPassword(config.database.passwordSecretArn, new SecretsManagerClient({ maxAttempts: 2 }))
            : undefined,
        });
  if (config.database.kind === 'postgres' && config.database.migrate === false) return database;
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
