import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ErrorBody, LoginResult, User } from '@medicare/contracts';
import { auditEvents } from '../../src/db/schema/index.js';
import { insertUser } from '../../src/modules/users/users.repository.js';
import { createTestApp, TEST_PASSWORD, testPasswordHash, type TestContext } from '../support/app.js';

let ctx: TestContext;
let n = 0;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const NEW_PASSWORD = 'amber-harbour-violin-82';

const login = (email: string, password: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    remoteAddress: `10.70.${++n % 250}.1`,
  });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'mh_refresh')!.value;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const change = (token: string, currentPassword: string, newPassword: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: bearer(token),
    payload: { currentPassword, newPassword },
  });

async function newUser() {
  const email = `pw${++n}@password.test`;
  const user = await insertUser(ctx.database.db, {
    email,
    name: 'Someone',
    role: 'clinician',
    patientId: null,
    passwordHash: await testPasswordHash(),
  });
  return { ...user, email };
}

describe('changing your own password', () => {
  it('needs the current password and a strong new one', async () => {
    const user = await newUser();
    const token = (await login(user.email, TEST_PASSWORD)).json<LoginResult>().accessToken;
    const wrong = await change(token, 'not-my-password-at-all', NEW_PASSWORD);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ErrorBody>().issues).toEqual([expect.objectContaining({ path: '/currentPassword' })]);
    const weak = await change(token, TEST_PASSWORD, 'password1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json<ErrorBody>().issues).toEqual([expect.objectContaining({ path: '/newPassword' })]);
    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('ends every other session; this one carries on with new tokens; audited', async () => {
    const user = await newUser();
    const other = await login(user.email, TEST_PASSWORD);
    const mine = await login(user.email, TEST_PASSWORD);
    const changed = await change(mine.json<LoginResult>().accessToken, TEST_PASSWORD, NEW_PASSWORD);
    expect(changed.statusCode).toBe(200);
    const fresh = changed.json<LoginResult>();
    expect(fresh.passwordChangeRequired).toBeUndefined();
    expect(
      (await ctx.app.inject({ url: '/api/auth/me', headers: bearer(fresh.accessToken) })).statusCode,
    ).toBe(200);
    const refreshMine = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { mh_refresh: cookieOf(changed) },
    });
    expect(refreshMine.statusCode).toBe(200);

    const otherToken = other.json<LoginResult>().accessToken;
    expect((await ctx.app.inject({ url: '/api/auth/me', headers: bearer(otherToken) })).statusCode).toBe(401);
    const refreshOther = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { mh_refresh: cookieOf(other) },
    });
    expect(refreshOther.statusCode).toBe(401);

    expect((await login(user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).statusCode).toBe(200);
    const events = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.resourceType, 'user.password'), eq(auditEvents.resourceId, user.id)));
    expect(events).toEqual([
      expect.objectContaining({ actorId: user.id, action: 'update', outcome: 'success' }),
    ]);
  });
});

describe('a password an admin chose', () => {
  it('must be replaced at the first sign-in: until then the token allows only that', async () => {
    const email = `created${++n}@password.test`;
    const created = await ctx.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email, name: 'New Clinician', role: 'clinician', password: TEST_PASSWORD },
    });
    expect(created.statusCode).toBe(201);

    const first = await login(email, TEST_PASSWORD);
    expect(first.statusCode).toBe(200);
    const limited = first.json<LoginResult>();
    expect(limited.passwordChangeRequired).toBe(true);
    const refused = await ctx.app.inject({ url: '/api/patients', headers: bearer(limited.accessToken) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (await ctx.app.inject({ url: '/api/auth/me', headers: bearer(limited.accessToken) })).statusCode,
    ).toBe(200);
    // Refreshing does not get round it.
    const refreshed = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { mh_refresh: cookieOf(first) },
    });
    expect(refreshed.json<LoginResult>().passwordChangeRequired).toBe(true);
    // Signing out works with it.
    const other = (await login(email, TEST_PASSWORD)).json<LoginResult>().accessToken;
    const out = await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(other) });
    expect(out.statusCode).toBe(204);

    const changed = await change(refreshed.json<LoginResult>().accessToken, TEST_PASSWORD, NEW_PASSWORD);
    expect(changed.statusCode).toBe(200);
    const full = changed.json<LoginResult>();
    expect(full.passwordChangeRequired).toBeUndefined();
    expect(
      (await ctx.app.inject({ url: '/api/patients', headers: bearer(full.accessToken) })).statusCode,
    ).toBe(200);
    expect((await login(email, NEW_PASSWORD)).json<LoginResult>().passwordChangeRequired).toBeUndefined();
  });

  it('is set again when an admin resets it', async () => {
    const user = await newUser();
    const reset = await ctx.inject({
      method: 'PUT',
      url: `/api/users/${user.id}`,
      payload: { password: NEW_PASSWORD },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json<User>().id).toBe(user.id);
    expect((await login(user.email, NEW_PASSWORD)).json<LoginResult>().passwordChangeRequired).toBe(true);
  });
});
