import { createHash, randomBytes } from 'node:crypto';
import type { ErrorIssue, LoginInput, LoginResult, PasswordChangeInput } from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import type { UserRow } from '../../db/schema/index.js';
import type { KeyRing } from '../../auth/keys.js';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/passwords.js';
import type { Clock, Principal } from '../../auth/principal.js';
import type { Revocations } from '../../auth/revocations.js';
import { signAccessToken, unauthenticated, type TokenSettings } from '../../auth/tokens.js';
import { AppError, invalid } from '../../lib/errors.js';
import { insertAuditEvent } from '../audit/audit.repository.js';
import { updateUser } from '../users/users.repository.js';
import { toUser } from '../users/users.service.js';
import * as repo from './auth.repository.js';
import type { Lockout } from './lockout.js';

export type SessionPolicy = { idleMinutes: number; maxHours: number };
export type ClientMeta = { ip: string; userAgent: string | null; requestId: string };
export type SignedIn = LoginResult & { refreshToken: string; refreshMaxAgeSeconds: number };

const MINUTE = 60_000;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: {
  database: Pick<Database, 'db'>;
  keyRing: KeyRing;
  tokens: TokenSettings;
  policy: SessionPolicy;
  clock: Clock;
  lockout: Lockout;
  revocations: Revocations;
}) {
  const { database, keyRing, tokens, policy, clock, lockout, revocations } = deps;
  const { db } = database;

  /** Ends sessions in the database and tells every service (auth/revocations.ts). */
  const ended = (ids: string[], at: Date) => revocations.publish(ids, at);
  const revokeSession = async (id: string, reason: string, at: Date) =>
    ended(await repo.revokeSession(db, id, reason, at), at);

  const audit = (
    meta: ClientMeta,
    user: UserRow | undefined,
    action: 'login' | 'login_failed' | 'logout',
    sessionId?: string,
  ) =>
    insertAuditEvent(db, {
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

  async function issue(user: UserRow, sessionId: string, sessionStart: Date, now: Date): Promise<SignedIn> {
    const refreshToken = randomBytes(32).toString('base64url');
    await repo.insertRefreshToken(db, sessionId, tokenHash(refreshToken), now);
    const principal: Principal = {
      userId: user.id,
      role: user.role,
      patientId: user.patientId,
      sessionId,
      ...(user.mustChangePassword ? { passwordChangeRequired: true } : {}),
    };
    return {
      accessToken: await signAccessToken(keyRing, tokens, principal, now),
      expiresIn: tokens.accessTokenTtlSeconds,
      idleTimeoutSeconds: policy.idleMinutes * 60,
      user: toUser(user),
      ...(user.mustChangePassword ? { passwordChangeRequired: true } : {}),
      refreshToken,
      refreshMaxAgeSeconds: Math.max(
        0,
        Math.floor((sessionStart.getTime() + policy.maxHours * 60 * MINUTE - now.getTime()) / 1000),
      ),
    };
  }

  /** Ends a session whose idle or absolute limit has passed; true when it is still good. */
  async function stillValid(sessionId: string, now: Date): Promise<boolean> {
    const session = await repo.findSession(db, sessionId);
    if (!session || session.revokedAt) return false;
    if (now.getTime() - session.createdAt.getTime() > policy.maxHours * 60 * MINUTE) {
      await revokeSession(sessionId, 'absolute timeout', now);
      return false;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMinutes * MINUTE) {
      await revokeSession(sessionId, 'idle timeout', now);
      return false;
    }
    return true;
  }

  return {
    async login(input: LoginInput, meta: ClientMeta): Promise<SignedIn> {
      const email = input.email.trim().toLowerCase();
      await lockout.check(email, meta.ip);
      const user = await repo.findUserByEmail(db, email);
      const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
      if (!user || !ok || !user.active) {
        await lockout.fail(email, meta.ip);
        await audit(meta, user, 'login_failed');
        throw new AppError('INVALID_CREDENTIALS', 'The e-mail or password is not right');
      }
      await lockout.succeed(email, meta.ip);
      const now = clock();
      const session = await repo.insertSession(db, user.id, now);
      await audit(meta, user, 'login', session.id);
      return issue(user, session.id, session.createdAt, now);
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
        await revokeSession(used.sessionId, 'refresh token reuse', now);
        throw new AppError('SESSION_EXPIRED', 'This session has ended for your security; sign in again');
      }
      if (!(await stillValid(used.sessionId, now))) {
        throw new AppError('SESSION_EXPIRED', 'Your session has ended; sign in again');
      }
      const session = (await repo.findSession(db, used.sessionId))!;
      const user = await repo.findUserById(db, session.userId);
      if (!user?.active) {
        await revokeSession(session.id, 'user deactivated', now);
        throw new AppError('SESSION_EXPIRED', 'Your session has ended; sign in again');
      }
      return issue(user, session.id, session.createdAt, now);
    },

    /**
     * Ends the session of whichever credential came: the access token, the refresh cookie, or
     * both (when they name two sessions, both end). Its access tokens stop on every service.
     */
    async logout(
      principal: Principal | null,
      refreshToken: string | undefined,
      meta: ClientMeta,
    ): Promise<void> {
      const now = clock();
      const ids = new Set<string>();
      if (principal) ids.add(principal.sessionId);
      if (refreshToken) {
        const found = await repo.findRefreshToken(db, tokenHash(refreshToken));
        if (found) ids.add(found.sessionId);
      }
      for (const sessionId of ids) {
        const session = await repo.findSession(db, sessionId);
        if (!session) continue;
        await revokeSession(sessionId, 'logout', now);
        await audit(meta, await repo.findUserById(db, session.userId), 'logout', sessionId);
      }
    },

    /**
     * The signed-in user changes their own password: the current one is required, every other
     * session of theirs ends, and this one carries on with fresh tokens.
     */
    async changePassword(
      principal: Principal,
      input: PasswordChangeInput,
      meta: ClientMeta,
    ): Promise<SignedIn> {
      const user = await repo.findUserById(db, principal.userId);
      if (!user?.active) throw unauthenticated();
      await lockout.check(user.email, meta.ip);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        await lockout.fail(user.email, meta.ip);
        throw invalid([{ path: '/currentPassword', message: 'is not your current password' }]);
      }
      const issues: ErrorIssue[] = [];
      if (input.newPassword === input.currentPassword)
        issues.push({ path: '/newPassword', message: 'must differ from the current password' });
      const weak = passwordProblem(input.newPassword, [user.email, user.name]);
      if (weak) issues.push({ path: '/newPassword', message: weak });
      if (issues.length > 0) throw invalid(issues);
      const passwordHash = await hashPassword(input.newPassword);
      const now = clock();
      const { row, revoked } = await db.transaction(async (tx) => {
        const row = await updateUser(tx, user.id, user.version, { passwordHash, mustChangePassword: false });
        if (!row) throw new AppError('PRECONDITION_FAILED', 'Your account changed meanwhile; try again');
        const revoked = await repo.revokeSessionsOfUser(
          tx,
          user.id,
          'password changed',
          now,
          principal.sessionId,
        );
        await insertAuditEvent(tx, {
          actorId: user.id,
          actorRole: user.role,
          action: 'update',
          resourceType: 'user.password',
          resourceId: user.id,
          patientId: null,
          outcome: 'success',
          requestId: meta.requestId,
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
        return { row, revoked };
      });
      await ended(revoked, now);
      const session = await repo.findSession(db, principal.sessionId);
      if (!session || session.revokedAt) throw unauthenticated();
      return issue(row, session.id, session.createdAt, now);
    },

    async me(principal: Principal) {
      const user = await repo.findUserById(db, principal.userId);
      if (!user?.active) throw unauthenticated();
      return toUser(user);
    },

    touch: (sessionId: string, at: Date) => repo.touchSession(db, sessionId, at),
  };
}
