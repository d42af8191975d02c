import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Liveness, NotReady, Readiness } from '@medicare/contracts';
import type { Redis } from 'ioredis';
import type { Database } from '../../db/client.js';

const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** /health (liveness: the process answers) and /health/ready (the database answers too). */
const healthModule: FastifyPluginAsyncTypebox<{ database: Database; redis?: Redis }> = async (
  app,
  { database, redis },
) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness', response: { 200: Liveness } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: 503 naming the failing dependency',
        response: { 200: Readiness, 503: NotReady },
      },
    },
    async (request, reply) => {
      // Shutting down: say so first, so the load balancer stops sending before connections close.
      if (app.draining) {
        return reply.code(503).send({
          code: 'NOT_READY',
          message: 'This process is shutting down',
          requestId: request.id,
          status: 'unavailable',
          checks: { process: { status: 'unavailable', message: 'draining' } },
        });
      }
      const [db, cache] = await Promise.allSettled([
        withTimeout(database.ping(), READY_TIMEOUT_MS),
        redis ? withTimeout(redis.ping(), READY_TIMEOUT_MS) : Promise.resolve('absent'),
      ]);
      // Redis only speeds things up and shares counters: without it the service runs, degraded.
      const checks: Readiness['checks'] = {
        database: { status: db.status === 'fulfilled' ? 'ok' : 'unavailable' },
      };
      if (db.status === 'rejected') checks.database!.message = (db.reason as Error).message;
      if (redis) {
        checks.redis =
          cache.status === 'fulfilled'
            ? { status: 'ok' }
            : { status: 'degraded', message: (cache.reason as Error).message };
      }
      if (db.status === 'fulfilled') {
        return {
          status: checks.redis?.status === 'degraded' ? ('degraded' as const) : ('ok' as const),
          checks,
        };
      }
      return reply.code(503).send({
        code: 'NOT_READY',
        message: 'The database does not answer',
        requestId: request.id,
        status: 'unavailable',
        checks,
      });
    },
  );
};

export default healthModule;
