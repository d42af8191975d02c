import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { ROLES, type Role } from '../db/schema/users.js';
import { AppError } from '../lib/errors.js';
import { SIGNING_ALG, type KeyRing } from './keys.js';
import type { Principal } from './principal.js';

export type TokenSettings = { issuer: string; audience: string; accessTokenTtlSeconds: number };

export async function signAccessToken(
  ring: KeyRing,
  settings: TokenSettings,
  principal: Principal,
  now: Date,
) {
  if (!ring.signing) throw new Error('this service has no signing key (AUTH_PRIVATE_KEY)');
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    role: principal.role,
    pid: principal.patientId,
    sid: principal.sessionId,
    ...(principal.passwordChangeRequired ? { pcr: true } : {}),
  })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: ring.signing.kid, typ: 'at+jwt' })
    .setSubject(principal.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + settings.accessTokenTtlSeconds)
    .sign(ring.signing.key);
}

export const unauthenticated = (message = 'Sign in to continue') =>
  new AppError('UNAUTHENTICATED', message, { headers: { 'www-authenticate': 'Bearer' } });

/**
 * Verifies an access token with the public keys alone: signature (EdDSA only, so `alg: none` and
 * HMAC tokens forged with a public key fail), `kid`, issuer, audience, expiry. Anything wrong is 401.
 */
export async function verifyAccessToken(
  ring: KeyRing,
  settings: TokenSettings,
  token: string,
  now: Date,
): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        const key = header.kid ? ring.verify.get(header.kid) : undefined;
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: [SIGNING_ALG],
        issuer: settings.issuer,
        audience: settings.audience,
        currentDate: now,
        requiredClaims: ['sub', 'exp', 'iat', 'sid', 'role'],
        typ: 'at+jwt',
      },
    );
    const role = payload.role as Role;
    if (!ROLES.includes(role) || typeof payload.sid !== 'string') throw new Error('malformed claims');
    return {
      userId: payload.sub!,
      role,
      patientId: typeof payload.pid === 'string' ? payload.pid : null,
      sessionId: payload.sid,
      ...(payload.pcr === true ? { passwordChangeRequired: true } : {}),
    };
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw unauthenticated(expired ? 'Your sign-in has expired' : 'The access token is not valid');
  }
}

/**
 * Verification is the costliest step of a signed-in request (a quarter of a millisecond for
 * EdDSA). A token verified once is remembered until it expires, by its exact text: a changed
 * byte is a different token and is verified afresh.
 */
export function cachedVerifier(ring: KeyRing, settings: TokenSettings, maxEntries = 10_000) {
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (token: string, now: Date): Promise<Principal> => {
    const hit = cache.get(token);
    if (hit && hit.expiresAt > now.getTime()) return hit.principal;
    if (hit) cache.delete(token);
    const principal = await verifyAccessToken(ring, settings, token, now);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(token, { principal, expiresAt: exp * 1000 });
    return principal;
  };
}
