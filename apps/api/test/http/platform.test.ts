import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { patientInput } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp({ bodyLimitBytes: 4096 });
});
afterAll(() => ctx.close());

const expectErrorBody = (body: ErrorBody, code: string) =>
  expect(body).toEqual({ code, message: expect.any(String), requestId: expect.any(String) });

describe('health', () => {
  it('GET /health answers {"status":"ok"}', async () => {
    const res = await ctx.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 while the database answers', async () => {
    const res = await ctx.inject('/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: { status: 'ok' } } });
  });
});

describe('one error body for everything', () => {
  it('an unknown route: 404 ROUTE_NOT_FOUND', async () => {
    const res = await ctx.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expectErrorBody(res.json(), 'ROUTE_NOT_FOUND');
  });

  it('malformed JSON: 400 MALFORMED_REQUEST', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { 'content-type': 'application/json' },
      payload: '{"givenName": ',
    });
    expect(res.statusCode).toBe(400);
    expectErrorBody(res.json(), 'MALFORMED_REQUEST');
  });

  it('a body over the limit: 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: { ...patientInput(), address: { line: 'x'.repeat(5000) } },
    });
    expect(res.statusCode).toBe(413);
    expectErrorBody(res.json(), 'PAYLOAD_TOO_LARGE');
  });

  // text/plain too: Fastify parses it by default, which used to make it a 400 (issue 14).
  it.each([
    ['text/csv', 'givenName,familyName\nAda,Lovelace'],
    ['text/plain', 'Ada Lovelace'],
  ])('a body that is not JSON (%s): 415 UNSUPPORTED_MEDIA_TYPE', async (type, payload) => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { 'content-type': type },
      payload,
    });
    expect(res.statusCode).toBe(415);
    expectErrorBody(res.json(), 'UNSUPPORTED_MEDIA_TYPE');
  });

  // Found by the fuzz suite: Fastify's router answered these itself ({error, statusCode}, 414, no id).
  it('a URL that does not decode, or a path segment past the limit: 400 MALFORMED_REQUEST', async () => {
    for (const url of ['/api/patients/%ED%A0%80', `/api/appointments/${'x'.repeat(10_000)}`]) {
      const res = await ctx.inject(url);
      expect(res.statusCode, url.slice(0, 40)).toBe(400);
      expectErrorBody(res.json(), 'MALFORMED_REQUEST');
      expect(res.headers['x-request-id']).toBe(res.json<ErrorBody>().requestId);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('the request id: accepted when sane, generated otherwise, returned always', async () => {
    const given = await ctx.inject({ url: '/api/nothing', headers: { 'x-request-id': 'desk-7.abc' } });
    expect(given.headers['x-request-id']).toBe('desk-7.abc');
    expect(given.json<ErrorBody>().requestId).toBe('desk-7.abc');
    const hostile = await ctx.inject({ url: '/health', headers: { 'x-request-id': 'x\u0000<script>' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('API reference', () => {
  it('serves OpenAPI 3.1 with every route and a browsable /docs', async () => {
    const doc = (await ctx.inject('/openapi.json')).json<{
      openapi: string;
      paths: Record<string, object>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/health/ready',
        '/api/patients',
        '/api/patients/{id}',
        '/api/appointments',
        '/api/appointments/{id}',
        '/api/appointments/patient/{patientId}',
        '/api/practitioners',
        '/api/practitioners/{id}',
      ]),
    );
    const docs = await ctx.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
  });
});
