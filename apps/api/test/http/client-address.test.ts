import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../src/db/schema/index.js';
import { createTestApp, type TestContext } from '../support/app.js';

/**
 * The caller's address is the X-Forwarded-For entry the load balancer wrote (TRUST_PROXY_HOPS=1),
 * in one canonical form: another spelling of the same address, or another address of the same
 * IPv6 /64, is the same caller to every limit; an entry that is not an address names the socket.
 */
const PROXY = '10.8.0.1';
let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

const viaProxy = (app: TestContext['app'], forwardedFor: string, url = '/health') =>
  app.inject({ url, remoteAddress: PROXY, headers: { 'x-forwarded-for': `198.51.100.99, ${forwardedFor}` } });

describe('the per-address rate limit', () => {
  it('gives no fresh allowance to another spelling of a throttled address', async () => {
    ctx = await createTestApp({ config: { rateLimitPerMinute: 2 } });
    expect((await viaProxy(ctx.app, '203.0.113.5')).statusCode).toBe(200);
    expect((await viaProxy(ctx.app, '203.0.113.5')).statusCode).toBe(200);
    for (const spelling of ['203.0.113.5', '::ffff:203.0.113.5', '203.000.113.005', '203.0.113.5:4444'])
      expect((await viaProxy(ctx.app, spelling)).statusCode, spelling).toBe(429);
    expect((await viaProxy(ctx.app, '203.0.113.6')).statusCode).toBe(200);
  });

  it('counts an IPv6 caller per /64', async () => {
    ctx = await createTestApp({ config: { rateLimitPerMinute: 2 } });
    expect((await viaProxy(ctx.app, '2001:db8:1:2::1')).statusCode).toBe(200);
    expect((await viaProxy(ctx.app, '2001:db8:1:2::2')).statusCode).toBe(200);
    for (const other of ['2001:db8:1:2:ffff::9', '[2001:db8:1:2::7]:443', '2001:DB8:1:2:0:0:0:1'])
      expect((await viaProxy(ctx.app, other)).statusCode, other).toBe(429);
    expect((await viaProxy(ctx.app, '2001:db8:1:3::1')).statusCode).toBe(200);
  });

  it('counts requests with a missing or invalid token under their address', async () => {
    ctx = await createTestApp({ config: { rateLimitPerMinute: 5 } });
    const guess = (ip: string, token = 'not.a.token') =>
      ctx!.app.inject({
        url: '/api/patients',
        remoteAddress: ip,
        headers: { authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 5; i++) expect((await guess('10.9.0.1')).statusCode).toBe(401);
    const limited = await guess('10.9.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await ctx.app.inject({ url: '/api/patients', remoteAddress: '10.9.0.1' })).statusCode).toBe(429);
    expect((await guess('10.9.0.2')).statusCode).toBe(401);
  });
});

describe('sign-in throttling and the audit trail', () => {
  let n = 0;
  const login = (app: TestContext['app'], forwardedFor: string, email = `someone${++n}@address.test`) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email, password: 'wrong-password-x' },
    });

  it('another spelling of the address, or another address of its /64, gets no fresh sign-in allowance', async () => {
    ctx = await createTestApp();
    // 20 failures a minute from one address, over many accounts, stop that address.
    for (let i = 0; i < 20; i++) expect((await login(ctx.app, '203.0.113.5')).statusCode).toBe(401);
    for (const spelling of ['203.0.113.5', '::ffff:203.0.113.5', '203.000.113.005', '203.0.113.5:4444'])
      expect((await login(ctx.app, spelling)).statusCode, spelling).toBe(429);
    expect((await login(ctx.app, '203.0.113.6')).statusCode).toBe(401);
    for (let i = 0; i < 20; i++) await login(ctx.app, `2001:db8:7:7::${i + 1}`);
    expect((await login(ctx.app, '2001:db8:7:7:abcd::1')).statusCode).toBe(429);
    expect((await login(ctx.app, '2001:db8:7:8::1')).statusCode).toBe(401);
  });

  it('records only canonical addresses; an entry that is not one records the socket’s', async () => {
    ctx = await createTestApp();
    await login(ctx.app, '::ffff:203.0.113.9');
    await login(ctx.app, 'not-an-ip');
    await login(ctx.app, '[2001:DB8::0:1]:443');
    const rows = await ctx.database.db
      .select({ ip: auditEvents.ip })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'login_failed')));
    expect(rows.map((r) => r.ip).sort()).toEqual([PROXY, '2001:db8::1', '203.0.113.9'].sort());
  });
});
