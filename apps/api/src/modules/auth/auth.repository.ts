import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { refreshTokens, sessions, users, type SessionRow, type UserRow } from '../../db/schema/index.js';

export async function findUserByEmail(ex: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await ex.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertSession(ex: Executor, userId: string, at: Date): Promise<SessionRow> {
  const [row] = await ex.insert(sessions).values({ userId, createdAt: at, lastSeenAt: at }).returning();
  return row!;
}

export async function insertRefreshToken(
  ex: Executor,
  sessionId: string,
  tokenHash: string,
  at: Date,
): Promise<void> {
  await ex.insert(refreshTokens).values({ sessionId, tokenHash, createdAt: at });
}

/**
 * Marks a refresh token used, atomically: of two requests racing with one token, one wins.
 * Returns the token's session and whether this call was the one that used it.
 */
export async function useRefreshToken(
  ex: Executor,
  tokenHash: string,
  at: Date,
): Promise<{ sessionId: string; firstUse: boolean } | undefined> {
  const [used] = await ex
    .update(refreshTokens)
    .set({ usedAt: at })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.usedAt)))
    .returning({ sessionId: refreshTokens.sessionId });
  if (used) return { sessionId: used.sessionId, firstUse: true };
  const [known] = await ex
    .select({ sessionId: refreshTokens.sessionId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return known ? { sessionId: known.sessionId, firstUse: false } : undefined;
}

export async function findRefreshToken(
  ex: Executor,
  tokenHash: string,
): Promise<{ sessionId: string } | undefined> {
  const [row] = await ex
    .select({ sessionId: refreshTokens.sessionId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row;
}

export async function findSession(ex: Executor, id: string): Promise<SessionRow | undefined> {
  const [row] = await ex.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/** Ends a session; returns its id when this call ended it (for the revocation list). */
export async function revokeSession(ex: Executor, id: string, reason: string, at: Date): Promise<string[]> {
  const rows = await ex
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function revokeSessionsOfUser(
  ex: Executor,
  userId: string,
  reason: string,
  at: Date,
  keep?: string,
): Promise<string[]> {
  const rows = await ex
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keep ? sql`${sessions.id} <> ${keep}` : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/** Sessions ended after `since`: the revocation list when there is no Redis. */
export async function sessionsRevokedSince(
  ex: Executor,
  since: Date,
): Promise<{ id: string; revokedAt: Date }[]> {
  const rows = await ex
    .select({ id: sessions.id, revokedAt: sessions.revokedAt })
    .from(sessions)
    .where(gt(sessions.revokedAt, since));
  return rows.map((r) => ({ id: r.id, revokedAt: r.revokedAt! }));
}

/** Activity for the idle timeout; never moves backwards. */
export async function touchSession(ex: Executor, id: string, at: Date): Promise<void> {
  await ex
    .update(sessions)
    .set({ lastSeenAt: sql`greatest(${sessions.lastSeenAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}
