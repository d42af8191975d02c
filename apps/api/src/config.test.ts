import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: './.data/pg' },
      dataDir: './.data',
      logLevel: 'info',
      seedDemo: undefined,
    });
    expect([...config.services]).toEqual(['patients', 'appointments', 'core']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and splits SERVICES', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/clinic',
      SERVICES: 'patients,core',
      PORT: '8080',
      SEED_DEMO: 'false',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/clinic',
      poolMax: 10,
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 10_000,
      migrate: true,
    });
    expect([...config.services]).toEqual(['patients', 'core']);
    expect(config.port).toBe(8080);
    expect(config.seedDemo).toBe(false);
  });

  it('bounds every wait, and serves no metrics unless a port is given (then on loopback only)', () => {
    const config = loadConfig({});
    expect(config.resilience).toEqual({
      requestTimeoutMs: 20_000,
      shutdownDrainMs: 5_000,
      overload: { maxEventLoopDelayMs: 1_000, maxEventLoopUtilization: 0 },
    });
    expect(config.metrics).toEqual({ port: 0, host: '127.0.0.1' });
    expect(config.tracing).toEqual({ endpoint: undefined, serviceName: 'medicare-hub' });
    const tuned = loadConfig({
      DATABASE_URL: 'postgres://u@db/clinic',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '5000',
      METRICS_PORT: '9100',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
    });
    expect(tuned.database).toMatchObject({ connectTimeoutMs: 1_000, statementTimeoutMs: 5_000 });
    expect(tuned.metrics).toEqual({ port: 9100, host: '127.0.0.1' });
    expect(tuned.tracing.endpoint).toBe('http://127.0.0.1:4318');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.kind).toBe('pglite');
  });

  it('names every bad variable on its own line', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        SERVICES: 'billing',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        ADMIN_EMAIL: 'a@b.co',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'SERVICES', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_EMAIL and ADMIN_PASSWORD']) {
      expect(problems).toMatch(new RegExp(`^${name}`, 'm'));
    }
  });
});

describe('the variables ECS injects on AWS', () => {
  it('builds the database from libpq’s PG* parts and Redis from its parts', () => {
    const config = loadConfig({
      PGHOST: 'db.cluster.local',
      PGPORT: '5433',
      PGDATABASE: 'medicare',
      PGUSER: 'app',
      PGPASSWORD: 'p@ss/word',
      PGSSLMODE: 'require',
      DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-abc',
      REDIS_HOST: 'cache.local',
      REDIS_PORT: '6380',
      REDIS_TLS: 'true',
      REDIS_AUTH_TOKEN: 'tok',
    });
    expect(config.database).toMatchObject({
      kind: 'postgres',
      ssl: 'require',
      passwordSecretArn: expect.stringContaining(':secret:db-abc'),
    });
    const url = new URL((config.database as { url: string }).url);
    expect([url.hostname, url.port, url.pathname, url.username, decodeURIComponent(url.password)]).toEqual([
      'db.cluster.local',
      '5433',
      '/medicare',
      'app',
      'p@ss/word',
    ]);
    expect(config.redisUrl).toBe('rediss://:tok@cache.local:6380');
  });

  it('never repeats a secret in an error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(/value hidden/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toThrow(/hunter2/);
  });
});
