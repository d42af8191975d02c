import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Liveness, NotReady, Readiness } from '@medicare/contracts';
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
const healthModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, { database }) => {
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
      try {
        await withTimeout(database.ping(), READY_TIMEOUT_MS);
        return { status: 'ok' as const, checks: { database: { status: 'ok' as const } } };
      } catch (error) {
        return reply.code(503).send({
          code: 'NOT_READY',
          message: 'The database does not answer',
          requestId: request.id,
          status: 'unavailable',
          checks: { database: { status: 'unavailable', message: (error as Error).message } },
        });
      }
    },
  );
};

export default healthModule;
