import { existsSync, mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { startQuery } from '../lib/diagnostics.js';
import * as schema from './schema/index.js';
import { readTimestampsExactly } from './timestamps.js';

readTimestampsExactly();

export type Schema = typeof schema;
/** The database, or a transaction on it: repositories take either as their first argument. */
export type Executor = PgDatabase<PgQueryResultHKT, Schema>;

export type Database = {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Executor;
  /**
   * For the hot paths' statements, prepared once at start-up (by name) and run with their generic plan:
   * on PostgreSQL a pool of its own whose sessions set `plan_cache_mode = force_generic_plan`, so a
   * statement PostgreSQL would re-plan on every run (the name search: ~0.5 ms of planning per 0.4 ms
   * run, decision 095) is planned once per connection. Nothing else may run here: an ad-hoc query
   * with parameters would get a plan made without their values. PGlite: the one connection, `db`.
   */
  readonly hot: Executor;
  /** True when this process created the embedded database (its first start). */
  readonly freshlyCreated: boolean;
  /** Pool statistics for readiness and metrics; PGlite is one in-process connection. */
  poolStats(): { total: number; idle: number; waiting: number };
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Runs `fn` while holding a cluster-wide advisory lock (serialises migrations across processes). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
};

export const PGLITE_EXTENSIONS = { btree_gist, pg_trgm };

/** Wraps an open PGlite (used directly by tests that load a prepared data directory). */
export function fromPglite(client: PGlite, freshlyCreated = false): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Executor;
  return {
    kind: 'pglite',
    db,
    hot: db,
    freshlyCreated,
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
    // One process owns an embedded database, so there is nobody to serialise against.
    withLock: (_key, fn) => fn(),
  };
}

export async function openPglite(dataDir: string): Promise<Database> {
  const freshlyCreated = !existsSync(`${dataDir}/PG_VERSION`);
  mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: PGLITE_EXTENSIONS });
  return fromPglite(client, freshlyCreated);
}

export type PostgresOptions = {
  url: string;
  poolMax: number;
  /** Gives up on a connection (or on waiting for a free one in the pool) after this long. */
  connectTimeoutMs?: number;
  /** The server cancels a statement after this long; the client gives up a little later. */
  statementTimeoutMs?: number;
  applicationName?: string;
  /**
   * `require`: encrypted, server not verified (libpq's meaning). `verify-full`: encrypted and verified
   * against Node's CA store plus NODE_EXTRA_CA_CERTS (point it at the Amazon RDS CA bundle).
   */
  ssl?: 'require' | 'verify-full';
  /** Called for each new connection (e.g. a rotated secret); overrides the URL's password. */
  password?: () => Promise<string>;
};

type QueryCallback = (error: Error | null, result: unknown) => void;

/** A pg client that reports each query's timing to the diagnostics channel (metrics, traces). */
class ObservedClient extends pg.Client {
  // pg's overloads (promise, callback, submittable) all pass through here.
  override query(...args: unknown[]): never {
    const end = startQuery(args[0]);
    if (!end) return (super.query as (...a: unknown[]) => never)(...args);
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as QueryCallback;
      args[last] = (error: Error | null, result: unknown) => {
        end(error ?? undefined);
        callback(error, result);
      };
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) result.then(() => end(), end);
    else end();
    return result as never;
  }
}

export function openPostgres(options: PostgresOptions): Database {
  const statementTimeout = options.statementTimeoutMs ?? 10_000;
  const poolOf = (sessionOptions?: string) =>
    new pg.Pool({
      Client: ObservedClient,
      connectionString: options.url,
      max: options.poolMax,
      ...(options.ssl ? { ssl: options.ssl === 'require' ? { rejectUnauthorized: false } : true } : {}),
      ...(options.password ? { password: options.password } : {}),
      ...(sessionOptions ? { options: sessionOptions } : {}),
      application_name: options.applicationName ?? 'medicare-hub',
      // Bounded waits: an unreachable database is a 503 within a second or two, not a hang.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      // A runaway statement must not hold a connection for ever; a server that stops answering
      // altogether (a lost zone) is given up on by the client shortly after.
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 2_000,
    });
  const pool = poolOf();
  // Opened on first use (pg pools connect lazily), so a process without hot statements opens none.
  const hotPool = poolOf('-c plan_cache_mode=force_generic_plan');
  const pools = [pool, hotPool];
  // An idle client that loses its server emits 'error' on the pool; the next query reconnects.
  for (const p of pools) p.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Executor;
  const hot = drizzlePg({ client: hotPool, schema }) as unknown as Executor;
  const sum = (count: (p: pg.Pool) => number) => pools.reduce((n, p) => n + count(p), 0);
  return {
    kind: 'postgres',
    db,
    hot,
    freshlyCreated: false,
    poolStats: () => ({
      total: sum((p) => p.totalCount),
      idle: sum((p) => p.idleCount),
      waiting: sum((p) => p.waitingCount),
    }),
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await Promise.all(pools.map((p) => (p.ended ? undefined : p.end())));
    },
    withLock: async (key, fn) => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [key]).catch(() => {});
        client.release();
      }
    },
  };
}
