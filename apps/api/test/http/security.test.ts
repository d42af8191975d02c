import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/lib/redis.js';
import { createTestApp, type TestContext } from '../support/app.js';

describe('headers', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('API answers: HSTS, a CSP that allows nothing, no-store', async () => {
    const res = await ctx.inject('/api/patients');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('CORS is closed unless configured', async () => {
    const res = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/api/patients',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const open = await createTestApp({ config: { corsOrigins: ['https://clinic.example'] } });
    const allowed = await open.app.inject({
      method: 'OPTIONS',
      url: '/api/patients',
      headers: { origin: 'https://clinic.example', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://clinic.example');
    await open.close();
  });
});

describe('rate limiting', () => {
  it('per user: over the limit answers 429 with Retry-After and the one error body', async () => {
    const ctx = await createTestApp({ config: { rateLimitPerMinute: 3 } });
    const desk = await ctx.as('front_desk');
    for (let i = 0; i < 3; i++) expect((await desk('/api/patients')).statusCode).toBe(200);
    const limited = await desk('/api/patients');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
    // Another user has their own allowance.
    const other = await ctx.as('front_desk');
    expect((await other('/api/patients')).statusCode).toBe(200);
    await ctx.close();
  });

  it('per address when anonymous', async () => {
    const ctx = await createTestApp({ config: { rateLimitPerMinute: 2 } });
    const hit = (ip: string) => ctx.app.inject({ url: '/health', remoteAddress: ip });
    expect((await hit('10.7.0.1')).statusCode).toBe(200);
    expect((await hit('10.7.0.1')).statusCode).toBe(200);
    expect((await hit('10.7.0.1')).statusCode).toBe(429);
    expect((await hit('10.7.0.2')).statusCode).toBe(200);
    await ctx.close();
  });
});

/**
 * Shared counters in Redis: the machine's Redis when TEST_REDIS_URL is set (CI sets it), else a
 * Redis-less run of the same assertions against the in-process store.
 */
describe(`rate limiting ${process.env.TEST_REDIS_URL ? 'in Redis' : 'in process (TEST_REDIS_URL unset)'}`, () => {
  it('two API processes share one allowance', async () => {
    const url = process.env.TEST_REDIS_URL;
    const redisA = url ? createRedis(url) : undefined;
    const redisB = url ? createRedis(url) : undefined;
    const first = await createTestApp({ config: { rateLimitPerMinute: 4 }, redis: redisA });
    const second = await createTestApp({
      database: { ...first.database, close: async () => {} },
      keyRing: first.keyRing,
      config: { rateLimitPerMinute: 4 },
      redis: redisB,
    });
    const desk = await first.as('front_desk');
    const sameUserOnSecond = (path: string) =>
      second.app.inject({ url: path, headers: { authorization: `Bearer ${desk.token}` } });
    expect((await desk('/api/patients')).statusCode).toBe(200);
    expect((await desk('/api/patients')).statusCode).toBe(200);
    expect((await sameUserOnSecond('/api/patients')).statusCode).toBe(200);
    expect((await sameUserOnSecond('/api/patients')).statusCode).toBe(200);
    // With Redis the fifth request anywhere is over; without it each process counts alone.
    expect((await sameUserOnSecond('/api/patients')).statusCode).toBe(url ? 429 : 200);
    await second.close();
    await first.close();
    redisA?.disconnect();
    redisB?.disconnect();
  });
});

describe('when Redis goes away', () => {
  it('requests keep being served and readiness reports Redis degraded', async () => {
    // A port where nothing listens: the connection is refused, as when Redis has died.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const redis = createRedis(`redis://127.0.0.1:${port}`);
    const ctx = await createTestApp({ redis, config: { rateLimitPerMinute: 100 } });
    expect((await ctx.inject('/api/patients')).statusCode).toBe(200);
    const ready = await ctx.app.inject('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'ok' }, redis: { status: 'degraded' } },
    });
    await ctx.close();
    redis.disconnect();
  });
});

describe('the caller’s address', () => {
  it('is the one the load balancer appended, not what the client wrote in X-Forwarded-For', async () => {
    const ctx = await createTestApp({ config: { rateLimitPerMinute: 2 } });
    // Behind one proxy: a client forging a new address on every request still counts as one caller.
    const forged = (n: number) =>
      ctx.app.inject({
        url: '/health',
        remoteAddress: '10.8.0.1',
        headers: { 'x-forwarded-for': `203.0.113.${n}, 198.51.100.7` },
      });
    expect((await forged(1)).statusCode).toBe(200);
    expect((await forged(2)).statusCode).toBe(200);
    expect((await forged(3)).statusCode).toBe(429);
    await ctx.close();
  });
});
