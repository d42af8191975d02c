import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { patients } from '../../src/db/schema/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { patientInput } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

it('20 identical requests at once with one Idempotency-Key create one patient; every retry then gets it', async () => {
  const key = randomUUID();
  const body = patientInput();
  const send = () =>
    ctx.inject({ method: 'POST', url: '/api/patients', payload: body, headers: { 'idempotency-key': key } });
  const answers = await Promise.all(Array.from({ length: 20 }, send));
  const statuses = answers.map((a) => a.statusCode);
  expect(
    statuses.filter((s) => s !== 201 && s !== 409),
    answers.map((a) => a.body).join('\n'),
  ).toEqual([]);
  const created = answers.filter((a) => a.statusCode === 201);
  expect(created.length).toBeGreaterThanOrEqual(1);
  for (const busy of answers.filter((a) => a.statusCode === 409)) {
    expect(busy.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
  }
  const ids = new Set(created.map((a) => a.json<{ id: string }>().id));
  expect(ids.size).toBe(1);
  const retry = await send();
  expect(retry.statusCode).toBe(201);
  expect(retry.json<{ id: string }>().id).toBe([...ids][0]);
  const rows = await ctx.database.db.select().from(patients).where(eq(patients.givenName, body.givenName));
  expect(rows).toHaveLength(1);
});
