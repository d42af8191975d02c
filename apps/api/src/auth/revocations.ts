import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { sessionsRevokedSince } from '../modules/auth/auth.repository.js';

/**
 * Ended sessions, as every service sees them: an access token carries its session id, and a
 * token of an ended session is refused within `refreshMs` (plus one read) on every service,
 * though its signature is good until it expires. The database's `sessions.revoked_at` is the
 * record; with Redis, a sorted set (session id → when) is what services read each second, so
 * they need nothing but the public key and this list.
 */
export type Revocations = {
  /** Sessions whose rows were just marked revoked: tell every service (and this one at once). */
  publish(sessionIds: string[], at: Date): Promise<void>;
  /** Whether the session has ended, as of the list read at most `refreshMs` ago. */
  isRevoked(sessionId: string, now: Date): Promise<boolean>;
};

export const REVOKED_KEY = 'revoked-sessions';
/** How long one read of the list is trusted; the lag of a revocation is at most this plus one read. */
export const REFRESH_MS = 1_000;
/** Reads overlap by this much: a revocation stamped by a service whose clock lags is still seen. */
const OVERLAP_MS = 60_000;
/** With Redis, how often the database is read as well (a publish that failed is caught here). */
const DATABASE_EVERY_MS = 15_000;

export function createRevocations(deps: {
  database: Pick<Database, 'db'>;
  redis?: Redis;
  /** Access token lifetime: a session revoked longer ago than this has no live token left. */
  tokenTtlSeconds: number;
  log?: Pick<FastifyBaseLogger, 'warn'>;
  refreshMs?: number;
}): Revocations {
  const { database, redis, log } = deps;
  const refreshMs = deps.refreshMs ?? REFRESH_MS;
  const keepMs = deps.tokenTtlSeconds * 1000 + OVERLAP_MS;
  const revoked = new Map<string, number>();
  let readAt: number | undefined;
  let dbReadAt: number | undefined;
  let reading: Promise<void> | undefined;

  async function readList(since: number): Promise<[string, number][]> {
    if (redis) {
      try {
        const flat = await redis.zrangebyscore(REVOKED_KEY, since, '+inf', 'WITHSCORES');
        const pairs: [string, number][] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, Number(flat[i + 1])]);
        return pairs;
      } catch (err) {
        log?.warn({ err }, 'revocation list: Redis unavailable, reading the database');
      }
    }
    return readDatabase(since);
  }

  async function readDatabase(since: number): Promise<[string, number][]> {
    const rows = await sessionsRevokedSince(database.db, new Date(since));
    return rows.map((row) => [row.id, row.revokedAt.getTime()]);
  }

  async function refresh(now: number): Promise<void> {
    const since = readAt === undefined || now < readAt ? now - keepMs : readAt - OVERLAP_MS;
    try {
      for (const [id, at] of await readList(since)) revoked.set(id, at);
      // With Redis, the database is read too now and then: a revocation whose publish to Redis
      // failed is still enforced, within DATABASE_EVERY_MS.
      if (redis && (dbReadAt === undefined || now - dbReadAt >= DATABASE_EVERY_MS || now < dbReadAt)) {
        const dbSince = dbReadAt === undefined || now < dbReadAt ? now - keepMs : dbReadAt - OVERLAP_MS;
        for (const [id, at] of await readDatabase(dbSince)) revoked.set(id, at);
        dbReadAt = now;
      }
      for (const [id, at] of revoked) if (at < now - keepMs) revoked.delete(id);
    } catch (err) {
      // Keep what is known and try again after refreshMs; the request is not failed for this.
      log?.warn({ err }, 'revocation list: could not be read');
    }
    readAt = now;
  }

  return {
    async publish(sessionIds, at) {
      if (sessionIds.length === 0) return;
      for (const id of sessionIds) revoked.set(id, at.getTime());
      if (!redis) return; // the database rows are the list
      const members = sessionIds.flatMap((id) => [at.getTime(), id]);
      try {
        await redis
          .multi()
          .zadd(REVOKED_KEY, ...members)
          .zremrangebyscore(REVOKED_KEY, '-inf', at.getTime() - keepMs)
          .exec();
      } catch (err) {
        log?.warn({ err }, 'revocation list: could not publish to Redis');
      }
    },

    async isRevoked(sessionId, now) {
      const t = now.getTime();
      if (readAt === undefined || t - readAt >= refreshMs || t < readAt) {
        reading ??= refresh(t).finally(() => (reading = undefined));
        await reading;
      }
      return revoked.has(sessionId);
    },
  };
}
