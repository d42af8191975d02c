import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { ErrorBody } from '@medicare/contracts';
import { addressKey, clientAddress } from '../lib/client-address.js';

/**
 * Every route is rate limited: per user when signed in, per address otherwise (an IPv6 caller per
 * /64), counted before the body is read; a request whose token is refused counts under its
 * address (plugins/auth.ts answers 401 only after this hook). Counters live in
 * Redis when configured (shared by every process) and in memory otherwise; if Redis goes away,
 * requests keep being served.
 */
async function rateLimitPlugin(app: FastifyInstance, options: { max: number; redis?: Redis }) {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: 60_000,
    hook: 'onRequest',
    keyGenerator: (request) =>
      request.principal ? `u:${request.principal.userId}` : `ip:${addressKey(clientAddress(request))}`,
    ...(options.redis ? { redis: options.redis, nameSpace: 'medicare-rl:', skipOnError: true } : {}),
    errorResponseBuilder: (request, context) => {
      const body: ErrorBody & { statusCode: number } = {
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
        requestId: request.id,
      };
      return body;
    },
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['auth'] });
