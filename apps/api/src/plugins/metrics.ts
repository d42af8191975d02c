import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import {
  auditWriteFailedChannel,
  dbQueryChannel,
  type AuditWriteFailedEvent,
  type DbQueryEvent,
} from '../lib/diagnostics.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Prometheus metrics of one process: requests by route pattern and status with their latency,
 * database pool use and query latency, event-loop lag (with Node's defaults), audit write failures.
 * Labels hold route patterns (`/api/patients/:id`), never URLs, ids or anything about a patient.
 * They are not served here: see `startMetricsServer`, a listener of their own.
 */
async function metricsPlugin(app: FastifyInstance, { database }: { database: Pick<Database, 'poolStats'> }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(no route)';
    requests.inc({ method: request.method, route, status: reply.statusCode });
    latency.observe(
      { method: request.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` },
      reply.elapsedTime / 1000,
    );
    done();
  });

  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections: total open, idle, and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  const queries = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query latency, by SQL verb and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const onQuery = (message: unknown) => {
    const event = message as DbQueryEvent;
    const started = process.hrtime.bigint();
    event.onEnd.push((error) =>
      queries.observe(
        { operation: event.operation, outcome: error ? 'error' : 'ok' },
        Number(process.hrtime.bigint() - started) / 1e9,
      ),
    );
  };
  const auditFailures = new Counter({
    name: 'audit_write_failures_total',
    help: 'Audit events that could not be written (the call failed, or lost its event)',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const onAuditFailure = (message: unknown) =>
    auditFailures.inc({ action: (message as AuditWriteFailedEvent).action });

  dbQueryChannel.subscribe(onQuery);
  auditWriteFailedChannel.subscribe(onAuditFailure);
  app.addHook('onClose', async () => {
    dbQueryChannel.unsubscribe(onQuery);
    auditWriteFailedChannel.unsubscribe(onAuditFailure);
  });
  app.decorate('metrics', registry);
}

export default fp(metricsPlugin, { name: 'metrics' });

/**
 * Serves `GET /metrics` on its own listener (METRICS_PORT, on METRICS_HOST: loopback by default),
 * never on the public API port: the ALB does not route to it and the security group does not open it.
 */
export async function startMetricsServer(
  registry: Registry,
  { port, host }: { port: number; host: string },
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
