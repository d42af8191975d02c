import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { idempotencyKeys, type IdempotencyKeyRow } from '../db/schema/index.js';

export type KeyRef = { callerId: string; key: string };
const where = (ref: KeyRef) =>
  and(eq(idempotencyKeys.callerId, ref.callerId), eq(idempotencyKeys.key, ref.key));
const inMs = (ms: number) => sql`now() + ${`${ms} milliseconds`}::interval`;

/**
 * Takes the key for one attempt (`owner`), if it is new or its previous use has expired; one
 * statement, so of two identical requests at once exactly one gets it.
 */
export async function takeKey(
  ex: Executor,
  ref: KeyRef & { requestHash: string; owner: string; leaseMs: number; keepMs: number },
): Promise<boolean> {
  const fresh = {
    requestHash: ref.requestHash,
    state: 'pending' as const,
    owner: ref.owner,
    lockedUntil: inMs(ref.leaseMs),
    expiresAt: inMs(ref.keepMs),
  };
  const rows = await ex
    .insert(idempotencyKeys)
    .values({ callerId: ref.callerId, key: ref.key, ...fresh })
    .onConflictDoUpdate({
      target: [idempotencyKeys.callerId, idempotencyKeys.key],
      set: {
        ...fresh,
        createdAt: sql`now()`,
        resourceType: null,
        resourceId: null,
        patientId: null,
        responseStatus: null,
        responseHeaders: null,
        responseBody: null,
      },
      setWhere: lt(idempotencyKeys.expiresAt, sql`now()`),
    })
    .returning({ owner: idempotencyKeys.owner });
  return rows.length === 1;
}

export async function findKey(
  ex: Executor,
  ref: KeyRef,
): Promise<(IdempotencyKeyRow & { leaseExpired: boolean }) | undefined> {
  const [row] = await ex
    .select({ row: idempotencyKeys, leaseExpired: sql<boolean>`${idempotencyKeys.lockedUntil} < now()` })
    .from(idempotencyKeys)
    .where(where(ref));
  return row ? { ...row.row, leaseExpired: row.leaseExpired } : undefined;
}

/**
 * Takes over a key whose attempt stopped answering (its process died) before its work committed.
 * Safe: the old attempt can no longer commit, since its claim names an owner that is gone.
 */
export async function takeOver(
  ex: Executor,
  ref: KeyRef & { from: string; owner: string; leaseMs: number },
): Promise<boolean> {
  const rows = await ex
    .update(idempotencyKeys)
    .set({ owner: ref.owner, lockedUntil: inMs(ref.leaseMs) })
    .where(
      and(
        where(ref),
        eq(idempotencyKeys.owner, ref.from),
        eq(idempotencyKeys.state, 'pending'),
        lt(idempotencyKeys.lockedUntil, sql`now()`),
      ),
    )
    .returning({ owner: idempotencyKeys.owner });
  return rows.length === 1;
}

/** In the work's transaction: the work is this attempt's, and is done. False if another attempt took over. */
export async function markApplied(
  ex: Executor,
  ref: KeyRef & { owner: string },
  found: { resourceType: string; resourceId?: string | null; patientId?: string | null },
): Promise<boolean> {
  const rows = await ex
    .update(idempotencyKeys)
    .set({
      state: 'applied',
      resourceType: found.resourceType,
      resourceId: found.resourceId ?? null,
      patientId: found.patientId ?? null,
    })
    .where(
      and(
        where(ref),
        eq(idempotencyKeys.owner, ref.owner),
        inArray(idempotencyKeys.state, ['pending', 'applied']),
      ),
    )
    .returning({ owner: idempotencyKeys.owner });
  return rows.length === 1;
}

export async function saveResponse(
  ex: Executor,
  ref: KeyRef & { owner: string },
  response: { status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await ex
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
      lockedUntil: sql`now()`,
    })
    .where(and(where(ref), eq(idempotencyKeys.owner, ref.owner)));
}

/** Lets a retry run again: the attempt failed before its work committed. */
export async function releaseKey(ex: Executor, ref: KeyRef & { owner: string }): Promise<void> {
  await ex
    .delete(idempotencyKeys)
    .where(and(where(ref), eq(idempotencyKeys.owner, ref.owner), eq(idempotencyKeys.state, 'pending')));
}

export async function purgeExpiredKeys(ex: Executor): Promise<number> {
  const rows = await ex
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
