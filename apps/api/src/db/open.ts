import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config.js';
import { openPglite, openPostgres, type Database } from './client.js';
import { migrate } from './migrate.js';
import { secretPassword } from './secret-password.js';

/** Opens the configured database (embedded PGlite or a PostgreSQL pool) and applies migrations. */
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
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
