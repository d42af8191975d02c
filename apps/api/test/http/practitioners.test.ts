import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, Practitioner } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPractitioner, practitionerInput } from '../support/factories.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('/api/practitioners', () => {
  it('adds, reads, lists and updates a practitioner', async () => {
    const created = await createPractitioner(ctx, { timeZone: 'Europe/Paris' });
    expect(created).toMatchObject({ timeZone: 'Europe/Paris', specialty: 'Diagnostics', version: 1 });
    const read = await ctx.inject(`/api/practitioners/${created.id}`);
    expect(read.json()).toEqual(created);
    expect(read.headers.etag).toBe('"1"');

    const list = await ctx.inject('/api/practitioners');
    expect(list.json<{ items: Practitioner[] }>().items.map((p) => p.id)).toContain(created.id);

    const updated = await ctx.inject({
      method: 'PUT',
      url: `/api/practitioners/${created.id}`,
      headers: { 'if-match': '"1"' },
      payload: practitionerInput({ timeZone: 'Asia/Tokyo' }),
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json<Practitioner>()).toMatchObject({ timeZone: 'Asia/Tokyo', version: 2 });
    const stale = await ctx.inject({
      method: 'PUT',
      url: `/api/practitioners/${created.id}`,
      headers: { 'if-match': '"1"' },
      payload: practitionerInput(),
    });
    expect(stale.statusCode).toBe(412);
  });

  it('refuses a time zone that is not IANA', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/practitioners',
      payload: practitionerInput({ timeZone: 'Mars/Olympus' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([
      { path: '/timeZone', message: 'must be an IANA time zone such as Europe/Paris' },
    ]);
  });

  it('answers 404 for an unknown practitioner', async () => {
    const res = await ctx.inject('/api/practitioners/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().code).toBe('PRACTITIONER_NOT_FOUND');
  });
});
