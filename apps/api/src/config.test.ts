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
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/clinic', poolMax: 10 });
    expect([...config.services]).toEqual(['patients', 'core']);
    expect(config.port).toBe(8080);
    expect(config.seedDemo).toBe(false);
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
