import { Redis } from 'ioredis';

/**
 * A Redis client that fails fast: no offline queue, one retry, short timeouts. Callers treat
 * Redis as an accelerator and keep serving (degraded) when it is away; it reconnects by itself.
 */
export function createRedis(url: string): Redis {
  const client = new Redis(url, {
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(200 * 2 ** attempt, 5_000),
  });
  // Connection errors surface as failed commands; the 'error' event must not crash the process.
  client.on('error', () => {});
  return client;
}
