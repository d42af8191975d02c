import type { Redis } from 'ioredis';
import type { Clock } from '../auth/principal.js';

/** Expiring counters: failed sign-ins per account, per address. */
export type Counters = {
  /** Adds one and returns the count within the window that started with the first hit. */
  hit(key: string, windowMs: number): Promise<number>;
  get(key: string): Promise<number>;
  /** Milliseconds until the key expires (0 when absent). */
  ttl(key: string): Promise<number>;
  reset(key: string): Promise<void>;
};

export function memoryCounters(clock: Clock): Counters {
  const entries = new Map<string, { count: number; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= clock().getTime()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    async hit(key, windowMs) {
      const entry = live(key) ?? { count: 0, expiresAt: clock().getTime() + windowMs };
      entry.count += 1;
      entries.set(key, entry);
      if (entries.size > 100_000) for (const k of entries.keys()) live(k);
      return entry.count;
    },
    get: async (key) => live(key)?.count ?? 0,
    ttl: async (key) => {
      const entry = live(key);
      return entry ? entry.expiresAt - clock().getTime() : 0;
    },
    reset: async (key) => {
      entries.delete(key);
    },
  };
}

/**
 * Counters in Redis, shared by every API process; while Redis is away they fall back to this
 * process's memory, so throttling weakens to per-process instead of failing open.
 */
export function redisCounters(redis: Redis, fallback: Counters): Counters {
  const attempt = async <T>(primary: () => Promise<T>, secondary: () => Promise<T>) => {
    try {
      return await primary();
    } catch {
      return secondary();
    }
  };
  return {
    hit: (key, windowMs) =>
      attempt(
        async () => {
          const [[, count]] = (await redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec()) as [
            [null, number],
          ];
          return count;
        },
        () => fallback.hit(key, windowMs),
      ),
    get: (key) =>
      attempt(
        async () => Number((await redis.get(key)) ?? 0),
        () => fallback.get(key),
      ),
    ttl: (key) =>
      attempt(
        async () => Math.max(0, await redis.pttl(key)),
        () => fallback.ttl(key),
      ),
    reset: (key) =>
      attempt(
        async () => {
          await redis.del(key);
          await fallback.reset(key);
        },
        () => fallback.reset(key),
      ),
  };
}
