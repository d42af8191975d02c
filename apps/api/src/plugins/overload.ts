import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import underPressure from '@fastify/under-pressure';
import { AppError } from '../lib/errors.js';

export type OverloadOptions = {
  maxEventLoopDelayMs: number;
  maxEventLoopUtilization: number;
  /** How often the event loop is sampled (ms). */
  sampleIntervalMs?: number;
};

/** Seconds an overloaded process asks clients (and the load balancer's retries) to wait. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Load shedding: while the event loop lags beyond maxEventLoopDelayMs or is busier than
 * maxEventLoopUtilization, requests answer 503 OVERLOADED with Retry-After at once, instead of
 * queueing until every request is late. Health checks are exempt: an overloaded process is alive
 * and still ready, and taking it out of the load balancer would only push its load onto the others.
 */
async function overloadPlugin(app: FastifyInstance, options: OverloadOptions) {
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    maxEventLoopUtilization: options.maxEventLoopUtilization,
    // Utilisation over the last sample, not since start (the default), so a spike registers.
    eventLoopUtilizationMode: 'interval',
    sampleInterval: options.sampleIntervalMs ?? 500,
    pressureHandler: (request, _reply, type) => {
      if (request.url.startsWith('/health')) return undefined;
      return Promise.reject(
        new AppError('OVERLOADED', `The service is overloaded (${type}); retry shortly`, {
          headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
        }),
      );
    },
  });
}

export default fp(overloadPlugin, { name: 'overload' });
