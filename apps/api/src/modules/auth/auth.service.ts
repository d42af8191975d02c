import { createHash, randomBytes } from 'node:crypto';
import type { LoginInput, LoginResult } from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { UserRow } from '../../db/schema/index.js';
import type { KeyRing } from '../../auth/keys.js';
import { decoyHash, verifyPassword } from '../../auth/passwords.js';
import type { Clock, Principal } from '../../auth/principal.js';
import { signAccessToken, unauthenticated, type TokenSettings } from '../../auth/tokens.js';
import type { Counters } from '../../lib/counters.js';
import { AppError } from '../../lib/errors.js';
import { insertAuditEvent } from '../../platform/audit.repository.js';
import { toUser } from '../users/index.js';
import * as repo from './auth.repository.js';

export type SessionPolicy = { idleMinutes: number; maxHours: number };
export type ClientMeta = { ip: string; userAgent: string | null; requestId: string };
export type SignedIn = LoginResult & { refreshToken: string; refreshMaxAgeSeconds: number };

const MINUTE = 60_000;
export const THROTTLE = { perMinute: 5, lockAfter: 10, lockMinutes: 15 } as const;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: {
  database: Pick<Database, 'db'>;
  keyRing: KeyRing;
  tokens: TokenSettings;
  policy: SessionPolicy;
  clock: Clock;
  counters: Counters;
}) {
  const { database, keyRing, tokens, policy, clock, counters } = deps;
  const { db } = database;

  const audit = (
    meta: ClientMeta,
    user: UserRow | undefined,
    action: 'login' | 'login_failed' | 'logout',
    sessionId?: string,
    ex: Executor = db,
  ) =>
    insertAuditEvent(ex, {
      actorId: user?.id ?? null,
      actorRole: user?.role ?? null,
      action,
      resourceType: 'session',
      resourceId: sessionId ?? null,
      patientId: null,
      outcome: action === 'login_failed' ? 'denied' : 'success',
      requestId: meta.requestId,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });

  async function issue(
    user: UserRow,
    sessionId: string,
    sessionStart: Date,
    now: Date,
    ex: Executor = db,
  ): Promise<SignedIn> {
    const refreshToken = randomBytes(32).toString('base64url');
    await repo.insertRefreshToken(ex, sessionId, tokenHash(refreshToken), now);
    const principal: Principal = { userId: user.id, role: user.role, patientId: user.patientId, sessionId };
    return {
      accessToken: await signAccessToken(keyRing, tokens, principal, now),
      expiresIn: tokens.accessTokenTtlSeconds,
      idleTimeoutSeconds: policy.idleMinutes * 60,
      user: toUser(user),
      refreshToken,
      refreshMaxAgeSeconds: Math.max(
        0,
        Math.floor((sessionStart.getTime() + policy.maxHours * 60 * MINUTE - now.getTime()) / 1000),
      ),
    };
  }

  /** 429 while the account or the address has failed too often; the same for unknown e-mails. */
  async function throttle(email: string, ip: string): Promise<void> {
    const waits = await Promise.all([
      counters
        .get(`login:lock:${email}`)
        .then(async (n) => (n > 0 ? counters.ttl(`login:lock:${email}`) : 0)),
      counters
        .get(`login:fail:acct:${email}`)
        .then(async (n) => (n >= THROTTLE.perMinute ? counters.ttl(`login:fail:acct:${email}`) : 0)),
      counters
        .get(`login:fail:ip:${ip}`)
        .then(async (n) => (n >= THROTTLE.perMinute ? counters.ttl(`login:fail:ip:${ip}`) : 0)),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new AppError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
      });
    }
  }

  async function recordFailure(email: string, ip: string): Promise<void> {
    await counters.hit(`login:fail:acct:${email}`, MINUTE);
    await counters.hit(`login:fail:ip:${ip}`, MINUTE);
    const consecutive = await counters.hit(`login:consecutive:${email}`, 60 * MINUTE);
    if (consecutive >= THROTTLE.lockAfter) {
      await counters.hit(`login:lock:${email}`, THROTTLE.lockMinutes * MINUTE);
      await counters.reset(`login:consecutive:${email}`);
    }
  }

  /** Ends a session whose idle or absolute limit has passed; true when it is still good. */
  async function stillValid(sessionId: string, now: Date): Promise<boolean> {
    const session = await repo.findSession(db, sessionId);
    if (!session || session.revokedAt) return false;
    if (now.getTime() - session.createdAt.getTime() > policy.maxHours * 60 * MINUTE) {
      await repo.revokeSession(db, sessionId, 'absolute timeout', now);
      return false;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMinutes * MINUTE) {
      await repo.revokeSession(db, sessionId, 'idle timeout', now);
      return false;
    }
    return true;
  }

  return {
    async login(input: LoginInput, meta: ClientMeta): Promise<SignedIn> {
      const email = input.email.trim().toLowerCase();
      await throttle(email, meta.ip);
      const user = await repo.findUserByEmail(db, email);
      const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
      if (!user || !ok || !user.active) {
        await recordFailure(email, meta.ip);
        await audit(meta, user, 'login_failed');
        throw new AppError('INVALID_CREDENTIALS', 'The e-mail or password is not right');
      }
      await counters.reset(`login:consecutive:${email}`);
      const now = clock();
      // The session, its audit event and its first refresh token: all or nothing.
      return db.transaction(async (tx) => {
        const session = await repo.insertSession(tx, user.id, now);
        await audit(meta, user, 'login', session.id, tx);
        return issue(user, session.id, session.createdAt, now, tx);
      });
    },

    /**
     * Exchanges a refresh token for a new pair. A token used twice means it was stolen: the whole
     * session (every token of the family) ends.
     */
    async refresh(refreshToken: string | undefined, _meta: ClientMeta): Promise<SignedIn> {
      if (!refreshToken) throw unauthenticated('Sign in to continue');
      const now = clock();
      const used = await repo.useRefreshToken(db, tokenHash(refreshToken), now);
      if (!used) throw unauthenticated('Sign in to continue');
      if (!used.firstUse) {
        await repo.revokeSession(db, used.sessionId, 'refresh token reuse', now);
        throw new AppError('SESSION_EXPIRED', 'This session has ended for your security; sign in again');
      }
      if (!(await stillValid(used.sessionId, now))) {
        throw new AppError('SESSION_EXPIRED', 'Your session has ended; sign in again');
      }
      const session = (await repo.findSession(db, used.sessionId))!;
      const user = await repo.findUserById(db, session.userId);
      if (!user?.active) {
        await repo.revokeSession(db, session.id, 'user deactivated', now);
        throw new AppError('SESSION_EXPIRED', 'Your session has ended; sign in again');
      }
      return issue(user, session.id, session.createdAt, now);
    },

    async logout(
      principal: Principal | null,
      refreshToken: string | undefined,
      meta: ClientMeta,
    ): Promise<void> {
      const now = clock();
      let sessionId = principal?.sessionId;
      if (!sessionId && refreshToken)
        sessionId = (await repo.useRefreshToken(db, tokenHash(refreshToken), now))?.sessionId;
      if (!sessionId) return;
      const session = await repo.findSession(db, sessionId);
      await repo.revokeSession(db, sessionId, 'logout', now);
      await audit(
        meta,
        session ? await repo.findUserById(db, session.userId) : undefined,
        'logout',
        sessionId,
      );
    },

    async me(principal: Principal) {
      const user = await repo.findUserById(db, principal.userId);
      if (!user?.active) throw unauthenticated();
      return toUser(user);
    },

    touch: (sessionId: string, at: Date) => repo.touchSession(db, sessionId, at),
  };
}
