import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, type JWK } from 'jose';
import type { ErrorBody } from '@medicare/contracts';
import { generateSigningJwk, keyRingFrom } from '../../src/auth/keys.js';
import { signAccessToken } from '../../src/auth/tokens.js';
import { createTestApp, testConfig, testPrivateKey, type TestContext } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let ctx: TestContext;
let good: string;
let principal: { userId: string; role: 'admin'; patientId: null; sessionId: string };
beforeAll(async () => {
  ctx = await createTestApp();
  const admin = await ctx.as('admin');
  good = admin.token;
  const payload = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString()) as {
    sub: string;
    sid: string;
  };
  principal = { userId: payload.sub, role: 'admin', patientId: null, sessionId: payload.sid };
});
afterAll(() => ctx.close());

const call = (authorization?: string) =>
  ctx.app.inject({ url: '/api/patients', headers: authorization ? { authorization } : {} });

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const settings = testConfig().auth;

describe('every /api route needs a valid access token', () => {
  it('accepts a good token', async () => {
    expect((await call(`Bearer ${good}`)).statusCode).toBe(200);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a malformed token', 'Bearer not.a.jwt'],
  ])('refuses %s with 401', async (_name, header) => {
    const res = await call(header);
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().code).toBe('UNAUTHENTICATED');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a tampered token: the claims changed after signing', async () => {
    const [header, , signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = `${header}.${b64({ ...claims, role: 'admin', sub: '00000000-0000-4000-8000-000000000000' })}.${signature}`;
    expect((await call(`Bearer ${forged}`)).statusCode).toBe(401);
  });

  it('refuses an expired token', async () => {
    const old = await signAccessToken(ctx.keyRing, settings, principal, new Date(Date.now() - 11 * 60_000));
    const res = await call(`Bearer ${old}`);
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().message).toMatch(/expired/);
  });

  it.each([
    ['a wrong issuer', { ...settings, issuer: 'someone-else' }],
    ['a wrong audience', { ...settings, audience: 'another-api' }],
  ])('refuses %s', async (_name, wrong) => {
    const token = await signAccessToken(ctx.keyRing, wrong, principal, new Date());
    expect((await call(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it('refuses alg: none', async () => {
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString()) as object;
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt', kid: ctx.keyRing.signing!.kid })}.${b64(claims)}.`;
    expect((await call(`Bearer ${unsigned}`)).statusCode).toBe(401);
  });

  it('refuses an HS256 token whose secret is the public key', async () => {
    const publicJwk = ctx.keyRing.jwks.keys[0]!;
    const claims = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString()) as object;
    const head = b64({ alg: 'HS256', typ: 'at+jwt', kid: publicJwk.kid });
    const body = b64(claims);
    for (const secret of [JSON.stringify(publicJwk), publicJwk.x!]) {
      const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
      expect((await call(`Bearer ${head}.${body}.${sig}`)).statusCode).toBe(401);
    }
  });

  it('refuses a token signed by a key it does not know, even with a known kid', async () => {
    const { privateJwk } = await generateSigningJwk();
    const stranger = await keyRingFrom(
      JSON.stringify({ ...privateJwk, kid: ctx.keyRing.signing!.kid }),
      undefined,
    );
    const token = await signAccessToken(stranger, settings, principal, new Date());
    expect((await call(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it('refuses a token of the wrong type (an ID token, say)', async () => {
    const token = await new SignJWT({ role: 'admin', sid: principal.sessionId })
      .setProtectedHeader({ alg: 'EdDSA', kid: ctx.keyRing.signing!.kid, typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(ctx.keyRing.signing!.key);
    expect((await call(`Bearer ${token}`)).statusCode).toBe(401);
  });

  it('leaves health, docs, the OpenAPI document and the JWKS public', async () => {
    for (const url of ['/health', '/health/ready', '/openapi.json', '/.well-known/jwks.json', '/docs/']) {
      expect((await ctx.app.inject(url)).statusCode, url).toBe(200);
    }
  });
});

describe('keys', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('a service with only the public keys verifies tokens signed by core', async () => {
    const shared = { ...database, close: async () => {} };
    const core = await createTestApp({ database: shared });
    const jwks = JSON.stringify(core.keyRing.jwks);
    const patientsOnly = await createTestApp({
      database: shared,
      services: ['patients'],
      keyRing: await keyRingFrom(undefined, jwks),
    });
    expect(patientsOnly.keyRing.signing).toBeUndefined();
    const desk = await core.as('front_desk');
    const res = await patientsOnly.app.inject({
      url: '/api/patients',
      headers: { authorization: `Bearer ${desk.token}` },
    });
    expect(res.statusCode).toBe(200);
    await core.close();
    await patientsOnly.close();
  });

  it('rotation: tokens of the previous key stay valid while its public key is listed', async () => {
    const shared = { ...database, close: async () => {} };
    const before = await createTestApp({ database: shared });
    const oldToken = (await before.as('admin')).token;
    const { privateJwk } = await generateSigningJwk();
    const rotated = await keyRingFrom(JSON.stringify(privateJwk), JSON.stringify(before.keyRing.jwks));
    const after = await createTestApp({ database: shared, keyRing: rotated });
    const res = await after.app.inject({
      url: '/api/patients',
      headers: { authorization: `Bearer ${oldToken}` },
    });
    expect(res.statusCode).toBe(200);
    const jwks = (await after.app.inject('/.well-known/jwks.json')).json<{ keys: JWK[] }>();
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([privateJwk.kid, before.keyRing.signing!.kid].sort());
    // Once the old key is dropped, its tokens stop working.
    const dropped = await createTestApp({
      database: shared,
      keyRing: await keyRingFrom(JSON.stringify(privateJwk), undefined),
    });
    expect(
      (await dropped.app.inject({ url: '/api/patients', headers: { authorization: `Bearer ${oldToken}` } }))
        .statusCode,
    ).toBe(401);
    for (const app of [before, after, dropped]) await app.close();
  });

  it('refuses configuration that is not an Ed25519 key', async () => {
    await expect(keyRingFrom('{"kty":"RSA"}', undefined)).rejects.toThrow(/Ed25519/);
    await expect(keyRingFrom(undefined, '{"keys":[]}')).rejects.toThrow(/no key/);
    await expect(keyRingFrom(await testPrivateKey(), 'not json')).rejects.toThrow(/not JSON/);
  });
});
