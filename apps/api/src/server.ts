import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { KeyConfigError, keyRingFrom, loadOrCreateLocalKey } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { bootstrapUsers } from './db/bootstrap-users.js';
import { openDatabase } from './db/open.js';
import { seedDemoIfWanted } from './db/seed-demo.js';
import { createRedis } from './lib/redis.js';
import { loggerOptions } from './logger.js';
import { startMetricsServer } from './plugins/metrics.js';
import { startTracing } from './plugins/tracing.js';

/** Keys from configuration; an embedded installation makes its own pair under DATA_DIR once. */
async function keysFor(config: Config) {
  let privateKey = config.auth.privateKey;
  if (!privateKey && !config.auth.publicKeys) {
    if (config.database.kind !== 'pglite') {
      throw new KeyConfigError(
        'AUTH_PRIVATE_KEY (core) or AUTH_PUBLIC_KEYS (patients, appointments) is required with a server database; npm run keys:generate -w apps/api makes a pair',
      );
    }
    privateKey = await loadOrCreateLocalKey(`${config.dataDir}/keys/auth-signing-key.json`);
  }
  if (config.services.has('core') && !privateKey) {
    throw new KeyConfigError(
      'AUTH_PRIVATE_KEY: the core service signs access tokens and needs the private key',
    );
  }
  return keyRingFrom(privateKey, config.auth.publicKeys);
}

/** The process: config, keys, database, listen, and a graceful close on SIGTERM/SIGINT. */
async function main() {
  let config: Config;
  let keyRing;
  try {
    config = loadConfig();
    keyRing = await keysFor(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KeyConfigError) {
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
  const users = await bootstrapUsers(database, config);
  if (users.kind === 'admin') log.info({ email: users.email }, 'created the first admin from ADMIN_EMAIL');
  if (users.kind === 'demo') {
    const lines = users.users.map((u) => `    ${u.role.padEnd(11)} ${u.email}`).join('\n');
    process.stdout.write(
      `\n  Demo sign-in (shown once; all share this password): ${users.password}\n${lines}\n\n`,
    );
  }

  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const tracing = await startTracing(config.tracing);
  const app = await buildApp({
    config,
    database,
    keyRing,
    redis,
    logger: loggerOptions(config),
    tracer: tracing?.tracer,
  });
  if (redis) app.addHook('onClose', async () => void redis.disconnect());
  if (tracing) app.addHook('onClose', () => tracing.shutdown());
  let metrics: Awaited<ReturnType<typeof startMetricsServer>> | undefined;
  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    // SIGTERM (ECS, HAProxy, a deploy): readiness fails first, so the load balancer stops
    // sending, while requests keep being served; then close. Ctrl-C (SIGINT) skips the wait.
    if (signal === 'SIGTERM' && config.resilience.shutdownDrainMs > 0) {
      app.startDraining();
      app.log.info({ drainMs: config.resilience.shutdownDrainMs }, 'draining: readiness now fails');
      await new Promise((resolve) => setTimeout(resolve, config.resilience.shutdownDrainMs));
    }
    app.log.info({ signal }, 'closing: finishing in-flight requests');
    await app.close();
    metrics?.close();
  });
  await app.listen({ port: config.port, host: config.host });
  // Prometheus scrapes its own port, never the public one (plugins/metrics.ts).
  if (config.metrics.port > 0) metrics = await startMetricsServer(app.metrics, config.metrics);
  app.log.info(
    { services: [...config.services], database: database.kind, redis: Boolean(redis) },
    `MediCare Hub is up on http://localhost:${config.port}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`MediCare Hub failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
