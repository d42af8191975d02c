import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** True once shutdown has begun: /health/ready answers 503 so the load balancer stops sending. */
    readonly draining: boolean;
    /** Turns readiness off; requests keep being served until the server closes. */
    startDraining(): void;
  }
}

async function lifecyclePlugin(app: FastifyInstance) {
  let draining = false;
  app.decorate('draining', { getter: () => draining });
  app.decorate('startDraining', () => {
    draining = true;
  });
}

export default fp(lifecyclePlugin, { name: 'lifecycle' });
