import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, idempotencyKeys, patients } from '../../src/db/schema/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { patientInput } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const post = (key: string | undefined, body: object, headers: Record<string, string> = {}) =>
  ctx.inject({
    method: 'POST',
    url: '/api/patients',
    payload: body,
    headers: { ...(key ? { 'idempotency-key': key } : {}), ...headers },
  });

const countPatients = async (givenName: string) =>
  (await ctx.database.db.select().from(patients).where(eq(patients.givenName, givenName))).length;

describe('Idempotency-Key on POST', () => {
  it('a retry with the same key gets the first answer and creates nothing twice', async () => {
    const key = randomUUID();
    const body = patientInput();
    const first = await post(key, body, { 'x-request-id': `idem-first-${key}` });
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(key, body, { 'x-request-id': `idem-again-${key}` });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await countPatients(body.givenName)).toBe(1);

    // The audit trail: one create; the replay, which shows the record again, is one read.
    const events = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.resourceId, first.json<{ id: string }>().id));
    expect(events.map((e) => [e.action, e.requestId]).sort()).toEqual(
      [
        ['create', `idem-first-${key}`],
        ['read', `idem-again-${key}`],
      ].sort(),
    );
  });

  it('the same key with a different body is 422, and changes nothing', async () => {
    const key = randomUUID();
    const body = patientInput();
    expect((await post(key, body)).statusCode).toBe(201);
    const other = patientInput();
    const reused = await post(key, other);
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await countPatients(other.givenName)).toBe(0);
  });

  it('keys belong to one caller: another user with the same key gets their own result', async () => {
    const key = randomUUID();
    const desk = await ctx.as('front_desk');
    const mine = await post(key, patientInput());
    const theirs = await desk({
      method: 'POST',
      url: '/api/patients',
      payload: patientInput(),
      headers: { 'idempotency-key': key },
    });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ id: string }>().id).not.toBe(mine.json<{ id: string }>().id);
  });

  it('replays a 4xx answer too', async () => {
    const key = randomUUID();
    const body = patientInput({ birthDate: '2999-01-01' });
    const bad = await post(key, body);
    expect(bad.statusCode).toBe(400);
    const again = await post(key, body);
    expect(again.statusCode).toBe(400);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses a malformed key, and ignores the header on requests that are not POST', async () => {
    const res = await post('has space', patientInput());
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ issues: [{ path: '/headers/idempotency-key' }] });
    const list = await ctx.inject({ url: '/api/patients', headers: { 'idempotency-key': randomUUID() } });
    expect(list.statusCode).toBe(200);
  });

  it('a key held by an attempt whose process died is taken over once its lease ends', async () => {
    const key = randomUUID();
    const body = patientInput();
    // What a process killed mid-request leaves behind: a pending key whose work never committed.
    await ctx.database.db.insert(idempotencyKeys).values({
      callerId: ctx.inject.userId,
      key,
      requestHash: 'stale',
      state: 'pending',
      owner: randomUUID(),
      lockedUntil: sql`now() - interval '1 second'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    // Same caller, same key, but the stale row's fingerprint differs: that is a different request.
    expect((await post(key, body)).statusCode).toBe(422);
    await ctx.database.db
      .update(idempotencyKeys)
      .set({ requestHash: sql`'x'` })
      .where(and(eq(idempotencyKeys.callerId, ctx.inject.userId), eq(idempotencyKeys.key, key)));
    const fresh = randomUUID();
    await ctx.database.db.insert(idempotencyKeys).values({
      callerId: ctx.inject.userId,
      key: fresh,
      requestHash: await hashOf(fresh, body),
      state: 'pending',
      owner: randomUUID(),
      lockedUntil: sql`now() - interval '1 second'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    const taken = await post(fresh, body);
    expect(taken.statusCode, taken.body).toBe(201);
    expect(await countPatients(body.givenName)).toBe(1);
  });

  it('while another attempt holds the key, answers 409 with Retry-After', async () => {
    const key = randomUUID();
    const body = patientInput();
    await ctx.database.db.insert(idempotencyKeys).values({
      callerId: ctx.inject.userId,
      key,
      requestHash: await hashOf(key, body),
      state: 'pending',
      owner: randomUUID(),
      lockedUntil: sql`now() + interval '1 minute'`,
      expiresAt: sql`now() + interval '1 day'`,
    });
    const busy = await post(key, body);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
    expect(busy.headers['retry-after']).toBe('1');
    expect(await countPatients(body.givenName)).toBe(0);
  });
});

/** The fingerprint the plugin computes: method, URL and body. */
async function hashOf(_key: string, body: object) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256')
    .update(`POST /api/patients\n${JSON.stringify(body)}`)
    .digest('base64url');
}
