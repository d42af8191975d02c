import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../src/plugins/metrics.js';
import { startTracing, type Tracing } from '../../src/plugins/tracing.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

describe('metrics', () => {
  let ctx: TestContext;
  let metrics: Server;
  let url: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    metrics = await startMetricsServer(ctx.app.metrics, { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(metrics.address() as { port: number }).port}/metrics`;
  });
  afterAll(async () => {
    metrics.close();
    await ctx.close();
  });

  it('counts requests by route pattern and status, with latency, pool, query and event-loop figures', async () => {
    const patient = await createPatient(ctx);
    expect((await ctx.inject(`/api/patients/${patient.id}`)).statusCode).toBe(200);
    expect((await ctx.inject(`/api/patients/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const text = await (await fetch(url)).text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/patients\/:id",status="200"\} 1/);
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/patients\/:id",status="404"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0.5",method="POST",route="\/api\/patients"/,
    );
    expect(text).toMatch(/db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds \d/);
    expect(text).toContain('audit_write_failures_total');
    if (ctx.database.kind === 'postgres') {
      expect(text).toMatch(/db_query_duration_seconds_count\{operation="insert",outcome="ok"\} [1-9]/);
    }
    // Route patterns only: no id, name or anything else from a URL or a body.
    expect(text).not.toContain(patient.id);
    expect(text).not.toContain(patient.givenName);
  });

  it('is not served on the API port', async () => {
    expect((await ctx.app.inject('/metrics')).statusCode).toBe(404);
  });

  it('counts audit events that could not be written', async () => {
    const before = await ctx.app.metrics.getSingleMetricAsString('audit_write_failures_total');
    await ctx.database.close();
    const res = await ctx.inject('/api/patients');
    expect(res.statusCode).toBeGreaterThanOrEqual(500);
    const after = await ctx.app.metrics.getSingleMetricAsString('audit_write_failures_total');
    expect(after).not.toBe(before);
    expect(after).toMatch(/audit_write_failures_total\{action="search"\} 1/);
  });
});

describe('traces', () => {
  let receiver: Server;
  const bodies: unknown[] = [];
  let tracing: Tracing;
  let ctx: TestContext;
  beforeAll(async () => {
    // A real OTLP/HTTP receiver on loopback, as the collector sidecar is on AWS.
    receiver = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') bodies.push(JSON.parse(text));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    }).listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const { port } = receiver.address() as { port: number };
    tracing = (await startTracing({ endpoint: `http://127.0.0.1:${port}`, serviceName: 'medicare-test' }))!;
    ctx = await createTestApp({ tracer: tracing.tracer });
  });
  afterAll(async () => {
    await ctx.close();
    await tracing.shutdown();
    receiver.close();
  });

  it('exports a span per request, named by route, continuing traceparent, with database spans beneath', async () => {
    const patient = await createPatient(ctx);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await ctx.inject({
      url: `/api/patients/${patient.id}`,
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.statusCode).toBe(200);
    await tracing.flush();

    type OtlpSpan = {
      traceId: string;
      spanId: string;
      parentSpanId?: string;
      name: string;
      attributes: unknown[];
    };
    type Otlp = {
      resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
    };
    const spans = (bodies as Otlp[]).flatMap((b) =>
      b.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
    );
    const server = spans.find((s) => s.name === 'GET /api/patients/:id');
    expect(server, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    expect(server!.traceId).toBe(traceId);
    expect(server!.parentSpanId).toBe('00f067aa0ba902b7');
    expect(JSON.stringify(bodies)).toContain('medicare-test');
    if (ctx.database.kind === 'postgres') {
      const db = spans.filter((s) => s.parentSpanId === server!.spanId && s.name.startsWith('db '));
      expect(db.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(spans)).not.toContain(patient.id);
  });
});

it('sends nothing and loads no SDK when no endpoint is configured', async () => {
  expect(await startTracing({ endpoint: undefined, serviceName: 'x' })).toBeUndefined();
});
