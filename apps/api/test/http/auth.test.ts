import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, sessions } from '../../src/db/schema/index.js';
import type { ErrorBody, LoginResult, User } from '@medicare/contracts';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { insertUser } from '../../src/modules/users/users.repository.js';
import { createTestApp, TEST_PASSWORD, testPasswordHash, type TestContext } from '../support/app.js';

/** A clock the tests move by hand: idle and absolute expiry without waiting. */
let now = new Date('2030-03-01T08:00:00Z');
const advance = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

let ctx: TestContext;
let n = 0;
beforeAll(async () => {
  ctx = await createTestApp({ clock: () => now });
});
afterAll(() => ctx.close());

async function newUser(overrides: { role?: 'admin' | 'clinician' | 'front_desk'; email?: string } = {}) {
  const email = overrides.email ?? `user${++n}@auth.test`;
  const user = await insertUser(ctx.database.db, {
    email,
    name: 'Someone',
    role: overrides.role ?? 'clinician',
    patientId: null,
    passwordHash: await testPasswordHash(),
  });
  return { ...user, email };
}

const login = (email: string, password = TEST_PASSWORD, ip = '10.0.0.1') =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

const refreshCookie = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'mh_refresh')?.value;

const refresh = (token: string | undefined) =>
  ctx.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: token ? { mh_refresh: token } : {} });

const me = (accessToken: string) =>
  ctx.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${accessToken}` } });

describe('sign-in', () => {
  it('answers an EdDSA access token of at most 15 minutes, the user, and a strict refresh cookie', async () => {
    const user = await newUser({ email: 'Mixed.Case@Auth.Test' });
    const res = await login('mixed.case@AUTH.test');
    expect(res.statusCode).toBe(200);
    const body = res.json<LoginResult>();
    expect(body.user).toMatchObject({ id: user.id, role: 'clinician', active: true });
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect(body.idleTimeoutSeconds).toBe(30 * 60);
    const header = decodeProtectedHeader(body.accessToken);
    expect(header.alg).toBe('EdDSA');
    expect(header.kid).toBe(ctx.keyRing.signing!.kid);
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({
      sub: user.id,
      role: 'clinician',
      iss: 'medicare-hub',
      aud: 'medicare-hub-api',
    });
    expect(claims.exp! - claims.iat!).toBe(body.expiresIn);

    const cookie = res.cookies.find((c) => c.name === 'mh_refresh')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    expect(res.json()).not.toHaveProperty('refreshToken');
    expect((await me(body.accessToken)).json<User>().id).toBe(user.id);
  });

  it('answers the same for a wrong password and an unknown e-mail', async () => {
    await newUser({ email: 'known@auth.test' });
    const wrong = await login('known@auth.test', 'not-the-password-at-all', '10.0.1.1');
    const unknown = await login('nobody@auth.test', 'not-the-password-at-all', '10.0.1.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: ErrorBody) => ({ code: b.code, message: b.message });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json<ErrorBody>().code).toBe('INVALID_CREDENTIALS');
  });

  it('publishes the public keys at /.well-known/jwks.json, without the private part', async () => {
    const res = await ctx.app.inject('/.well-known/jwks.json');
    expect(res.statusCode).toBe(200);
    const { keys } = res.json<{ keys: Record<string, string>[] }>();
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: ctx.keyRing.signing!.kid }),
    ]);
    expect(keys[0]).not.toHaveProperty('d');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh gives a new token and the old one stops working', async () => {
    const user = await newUser();
    const first = await login(user.email);
    const second = await refresh(refreshCookie(first));
    expect(second.statusCode).toBe(200);
    expect(refreshCookie(second)).toBeDefined();
    expect(refreshCookie(second)).not.toBe(refreshCookie(first));
    expect((await me(second.json<LoginResult>().accessToken)).statusCode).toBe(200);
  });

  it('reuse of a rotated token ends the whole session, including the newest token', async () => {
    const user = await newUser();
    const first = await login(user.email);
    const second = await refresh(refreshCookie(first));
    const replay = await refresh(refreshCookie(first));
    expect(replay.statusCode).toBe(401);
    expect(replay.json<ErrorBody>().code).toBe('SESSION_EXPIRED');
    expect((await refresh(refreshCookie(second))).statusCode).toBe(401);
  });

  it('refuses a missing or made-up token', async () => {
    expect((await refresh(undefined)).statusCode).toBe(401);
    expect((await refresh('made-up-token')).statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const user = await newUser();
    const signedIn = await login(user.email);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { mh_refresh: refreshCookie(signedIn)! },
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(refreshCookie(signedIn))).statusCode).toBe(401);
  });
});

describe('session limits', () => {
  it('end after 30 minutes without activity', async () => {
    const user = await newUser();
    const signedIn = await login(user.email);
    advance(9);
    // A request at minute 9 is activity (recorded beside the request, not in its way: wait for it) …
    const accessToken = signedIn.json<LoginResult>().accessToken;
    expect((await me(accessToken)).statusCode).toBe(200);
    const sessionId = decodeJwt(accessToken).sid as string;
    await vi.waitFor(async () => {
      const [session] = await ctx.database.db.select().from(sessions).where(eq(sessions.id, sessionId));
      expect(session!.lastSeenAt.getTime()).toBe(now.getTime());
    });
    advance(25);
    // … so at minute 34 the session is 25 minutes idle and still good;
    const kept = await refresh(refreshCookie(signedIn));
    expect(kept.statusCode).toBe(200);
    // refreshing alone is not activity: 31 minutes later the session has ended.
    advance(31);
    const idle = await refresh(refreshCookie(kept));
    expect(idle.statusCode).toBe(401);
    expect(idle.json<ErrorBody>().code).toBe('SESSION_EXPIRED');
  });

  it('end 12 hours after sign-in however active', async () => {
    const user = await newUser();
    let res = await login(user.email);
    for (let minute = 9; minute <= 12 * 60; minute += 9) {
      advance(9);
      expect((await me(res.json<LoginResult>().accessToken)).statusCode).toBe(200);
      res = await refresh(refreshCookie(res));
      expect(res.statusCode, `refresh at minute ${minute}`).toBe(200);
    }
    advance(2);
    const late = await refresh(refreshCookie(res));
    expect(late.statusCode).toBe(401);
    expect(late.json<ErrorBody>().code).toBe('SESSION_EXPIRED');
  });

  it('an access token expires with its lifetime', async () => {
    const user = await newUser();
    const signedIn = await login(user.email);
    advance(11);
    const res = await me(signedIn.json<LoginResult>().accessToken);
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().message).toMatch(/expired/);
  });

  it('deactivating a user ends their sessions and their sign-in', async () => {
    const user = await newUser();
    const signedIn = await login(user.email);
    const admin = await ctx.as('admin');
    const res = await admin({ method: 'PUT', url: `/api/users/${user.id}`, payload: { active: false } });
    expect(res.statusCode).toBe(200);
    expect((await refresh(refreshCookie(signedIn))).statusCode).toBe(401);
    expect((await login(user.email)).statusCode).toBe(401);
  });
});

describe('throttling', () => {
  it('5 failures a minute for one account from one address: that pair waits, the owner elsewhere signs in', async () => {
    const user = await newUser();
    for (let i = 0; i < 5; i++)
      expect((await login(user.email, 'wrong-password-x', '10.1.0.1')).statusCode).toBe(401);
    const blocked = await login(user.email, TEST_PASSWORD, '10.1.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json<ErrorBody>().code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(user.email, TEST_PASSWORD, '10.1.0.2')).statusCode).toBe(200);
    advance(1.1);
    expect((await login(user.email, TEST_PASSWORD, '10.1.0.1')).statusCode).toBe(200);
  });

  it('one address cannot lock an account: after 20 failures in 15 minutes only that address waits', async () => {
    const user = await newUser();
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password-x', '10.1.1.1');
      advance(1.1);
    }
    expect((await login(user.email, TEST_PASSWORD, '10.1.1.1')).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '10.1.1.2')).statusCode).toBe(200);
  });

  it('20 failures a minute from one address, across accounts: 429 for that address only', async () => {
    for (let i = 0; i < 20; i++) await login(`spray${i}@auth.test`, 'wrong-password-x', '10.2.0.1');
    const user = await newUser();
    expect((await login(user.email, TEST_PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '10.2.0.2')).statusCode).toBe(200);
  });

  /** 50 failures from 10 addresses within a minute: enough to lock, none of the pairs over its limit. */
  async function lockOut(email: string, net: number) {
    for (let a = 0; a < 10; a++)
      for (let i = 0; i < 5; i++) await login(email, 'wrong-password-x', `10.3.${net}.${a}`);
  }

  it('50 failures from 5 or more addresses lock the account, for 15 minutes and no longer', async () => {
    const user = await newUser();
    await lockOut(user.email, 1);
    const locked = await login(user.email, TEST_PASSWORD, '10.3.99.1');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Attempts while locked do not lengthen the lock.
    advance(10);
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password-x', `10.3.98.${i}`);
    advance(5.1);
    expect((await login(user.email, TEST_PASSWORD, '10.3.99.1')).statusCode).toBe(200);
  });

  it('an admin lifts the lock, and the audit trail says who did', async () => {
    const user = await newUser();
    await lockOut(user.email, 2);
    expect((await login(user.email, TEST_PASSWORD, '10.3.99.2')).statusCode).toBe(429);
    const admin = await ctx.as('admin');
    const lifted = await admin({ method: 'DELETE', url: `/api/users/${user.id}/lock` });
    expect(lifted.statusCode).toBe(204);
    expect((await login(user.email, TEST_PASSWORD, '10.3.99.2')).statusCode).toBe(200);
    const [event] = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'user.lockout'), eq(auditEvents.resourceId, user.id)));
    expect(event).toMatchObject({ actorId: admin.userId, action: 'update', outcome: 'success' });
    const clinician = await ctx.as('clinician');
    expect((await clinician({ method: 'DELETE', url: `/api/users/${user.id}/lock` })).statusCode).toBe(403);
  });

  it('an unknown e-mail is throttled exactly like a known one', async () => {
    for (let i = 0; i < 5; i++) await login('ghost@auth.test', 'wrong-password-x', '10.4.0.1');
    expect((await login('ghost@auth.test', 'wrong-password-x', '10.4.0.1')).statusCode).toBe(429);
  });
});

describe('user accounts', () => {
  it('honour If-Match: a stale change is 412 and changes nothing', async () => {
    const user = await newUser();
    const admin = await ctx.as('admin');
    const read = await admin(`/api/users/${user.id}`);
    expect(read.headers.etag).toBe('"1"');
    const renamed = await admin({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      headers: { 'if-match': '"1"' },
      payload: { name: 'Renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.headers.etag).toBe('"2"');
    const stale = await admin({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      headers: { 'if-match': '"1"' },
      payload: { active: false },
    });
    expect(stale.statusCode).toBe(412);
    expect((await admin(`/api/users/${user.id}`)).json<User>()).toMatchObject({
      name: 'Renamed',
      active: true,
    });
  });
});
