import { AsyncLocalStorage } from 'node:async_hooks';
import {
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { dbQueryChannel, type DbQueryEvent } from '../lib/diagnostics.js';

export type Tracing = { tracer: Tracer; flush(): Promise<void>; shutdown(): Promise<void> };

/**
 * OpenTelemetry traces over OTLP/HTTP to `endpoint` (the collector sidecar on AWS), or nothing when
 * no endpoint is configured: the SDK is only loaded then, so a process without it pays nothing.
 * Export is bounded: 2 s per batch, a bounded queue that drops rather than grows.
 */
export async function startTracing(options: {
  endpoint: string | undefined;
  serviceName: string;
}): Promise<Tracing | undefined> {
  if (!options.endpoint) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const exporter = new OTLPTraceExporter({
    url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`,
    timeoutMillis: 2_000,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000, maxQueueSize: 2_048 })],
  });
  return {
    tracer: provider.getTracer('medicare-hub'),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    traceContext: Context | null;
  }
}

/**
 * One server span per request, named by method and route pattern (never the URL), continuing the
 * caller's W3C `traceparent`; one client span per database query beneath it, named by SQL verb.
 * Attributes carry no PHI: route patterns, status codes, SQL verbs.
 */
async function tracingPlugin(app: FastifyInstance, { tracer }: { tracer: Tracer }) {
  const propagator = new W3CTraceContextPropagator();
  const current = new AsyncLocalStorage<Context>();
  const spans = new WeakMap<FastifyRequest, Span>();
  app.decorateRequest('traceContext', null);

  app.addHook('onRequest', (request, _reply, done) => {
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, defaultTextMapGetter);
    const route = request.routeOptions.url ?? '(no route)';
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route },
      },
      parent,
    );
    spans.set(request, span);
    request.traceContext = trace.setSpan(parent, span);
    current.run(request.traceContext, done);
  });
  // Body parsing runs on the socket's events, outside the context; enter it again before validation.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.traceContext) current.run(request.traceContext, done);
    else done();
  });
  const end = (request: FastifyRequest, status: number) => {
    const span = spans.get(request);
    if (!span) return;
    spans.delete(request);
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  app.addHook('onResponse', async (request, reply) => end(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request, 499));

  const onQuery = (message: unknown) => {
    const parent = current.getStore();
    if (!parent) return;
    const event = message as DbQueryEvent;
    const span = tracer.startSpan(
      `db ${event.operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.operation.name': event.operation },
      },
      parent,
    );
    event.onEnd.push((error) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  };
  dbQueryChannel.subscribe(onQuery);
  app.addHook('onClose', async () => dbQueryChannel.unsubscribe(onQuery));
}

export default fp(tracingPlugin, { name: 'tracing' });
