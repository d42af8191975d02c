import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One log line per request: method, route pattern (never the raw URL, whose query string can
 * hold a patient's name), status, duration, request id. Bodies are never logged.
 */
async function requestLogPlugin(app: FastifyInstance) {
  // Callback hooks, not async ones: no promise per request for work that never waits.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });
}

export default fp(requestLogPlugin, { name: 'request-log' });
