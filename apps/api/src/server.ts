import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { seedDemoIfWanted } from './db/seed-demo.js';
import { loggerOptions } from './logger.js';

/** The process: config, database, listen, and a graceful close on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = pino(loggerOptions(config) as pino.LoggerOptions);
  const database = await openDatabase(config);
  const seeded = await seedDemoIfWanted(database, config);
  if (seeded)
    log.info(
      seeded,
      'loaded the demo clinic into the new embedded database (SEED_DEMO=false turns this off)',
    );

  const app = await buildApp({ config, database, logger: loggerOptions(config) });
  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'closing: finishing in-flight requests');
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { services: [...config.services], database: database.kind },
    `MediCare Hub is up on http://localhost:${config.port}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`MediCare Hub failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
