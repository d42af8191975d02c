import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { KeyRing } from '../auth/keys.js';
import { grantOf, type Permission } from '../auth/permissions.js';
import type { Clock, IdempotencyClaim, Principal, RequestContext } from '../auth/principal.js';
import type { Revocations } from '../auth/revocations.js';
import { cachedVerifier, unauthenticated, type TokenSettings } from '../auth/tokens.js';
import { clientAddress } from '../lib/client-address.js';
import { AppError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without an access token (login, refresh, health, docs, JWKS). */
    public?: boolean;
    /** The permission a caller's role needs to use this route at all; lacking it is 403. */
    permission?: Permission;
    /** For patient-data routes: what a 403 is recorded as in the audit trail. */
    auditAs?: { resourceType: string; patientIdParam?: string };
    /** Public, but a valid access token, when sent, names the caller (logout). */
    optionalAuth?: boolean;
    /** Usable with a token that only allows choosing a new password (me, change password). */
    duringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The request's Idempotency-Key claim, when it has one (plugins/idempotency.ts). */
    idempotency: IdempotencyClaim | null;
    /** Why the access token was refused; answered after the rate limiter has counted the request. */
    authFailure: Error | null;
  }
  interface FastifyInstance {
    keyRing: KeyRing;
    clock: Clock;
    /** Signature, claims and revocation of a token, for ways in besides HTTP routes (the WebSocket). */
    verifyAccessToken: (token: string, now: Date) => Promise<Principal>;
    revocations: Revocations;
  }
}

export type AuthOptions = {
  keyRing: KeyRing;
  tokens: TokenSettings;
  clock: Clock;
  /** Sessions that have ended: their tokens are refused on every service (auth/revocations.ts). */
  revocations: Revocations;
  /** Records that a session was active (for the idle timeout); called at most once a minute per session. */
  touchSession?: (sessionId: string, at: Date) => Promise<void>;
  /** Writes the audit event of a request refused with 403. */
  auditDenied?: (
    ctx: RequestContext,
    resourceType: string,
    resourceId: string | null,
    patientId: string | null,
  ) => Promise<void>;
};

const TOUCH_EVERY_MS = 60_000;

/** The caller and what the audit trail records of the request; only for authenticated routes. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.principal) throw unauthenticated();
  return {
    principal: request.principal,
    requestId: request.id,
    ip: clientAddress(request),
    userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
    ...(request.idempotency ? { idempotency: request.idempotency } : {}),
  };
}

/**
 * Every /api and /fhir route needs a valid access token unless marked public, and the role a route's
 * permission names; whether a particular record is in the caller's scope is the service's call.
 */
async function authPlugin(app: FastifyInstance, options: AuthOptions) {
  app.decorate('keyRing', options.keyRing);
  app.decorate('clock', options.clock);
  app.decorateRequest('principal', null);
  app.decorateRequest('authFailure', null);
  const touched = new Map<string, number>();
  const verify = cachedVerifier(options.keyRing, options.tokens);

  async function verifyAccessToken(token: string, now: Date): Promise<Principal> {
    const principal = await verify(token, now);
    if (await options.revocations.isRevoked(principal.sessionId, now))
      throw unauthenticated('This session has ended; sign in again');
    return principal;
  }
  // Other ways in (the WebSocket) get no route that works during a password change.
  app.decorate('verifyAccessToken', async (token: string, now: Date) => {
    const principal = await verifyAccessToken(token, now);
    if (principal.passwordChangeRequired)
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose your own password first');
    return principal;
  });
  app.decorate('revocations', options.revocations);

  async function authenticate(header: string | undefined, now: Date): Promise<Principal> {
    const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match?.[1]) throw unauthenticated();
    return verifyAccessToken(match[1], now);
  }

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const url = request.routeOptions.url;
    // /api and the FHIR facade (/fhir/R4) take the same tokens.
    if (!url?.startsWith('/api/') && !url?.startsWith('/fhir/')) return;
    const now = options.clock();
    if (config.public) {
      if (config.optionalAuth && request.headers.authorization)
        request.principal = await authenticate(request.headers.authorization, now).catch(() => null);
      return;
    }
    try {
      request.principal = await authenticate(request.headers.authorization, now);
    } catch (error) {
      // Not thrown yet: the rate limiter (a route onRequest hook, after this one) first counts
      // the request under the caller's address, so guessing tokens is rate limited too.
      request.authFailure = error as Error;
      return;
    }

    const sid = request.principal.sessionId;
    const last = touched.get(sid) ?? 0;
    if (options.touchSession && now.getTime() - last >= TOUCH_EVERY_MS) {
      touched.set(sid, now.getTime());
      if (touched.size > 50_000) touched.clear();
      options
        .touchSession(sid, now)
        .catch((err: unknown) => request.log.warn({ err }, 'could not record session activity'));
    }
  });

  app.addHook('preParsing', async (request) => {
    if (request.authFailure) throw request.authFailure;
    if (request.principal?.passwordChangeRequired && !request.routeOptions.config.duringPasswordChange)
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'Choose your own password first');
  });

  app.addHook('preHandler', async (request) => {
    const { permission, auditAs } = request.routeOptions.config;
    if (!permission || !request.principal) return;
    if (grantOf(request.principal.role, permission)) return;
    if (auditAs && options.auditDenied) {
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      const patientId = auditAs.patientIdParam ? (params[auditAs.patientIdParam] ?? null) : null;
      await options.auditDenied(contextOf(request), auditAs.resourceType, params.id ?? patientId, patientId);
    }
    throw new AppError('FORBIDDEN', 'Your role may not do this');
  });
}

export default fp(authPlugin, { name: 'auth' });
