import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loggerOptions } from '../../src/logger.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { patientInput } from '../support/factories.js';

const lines: Record<string, unknown>[] = [];
let ctx: TestContext;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  ctx = await createTestApp({ logger: { ...(loggerOptions({ logLevel: 'info' }) as object), stream } });
});
afterAll(() => ctx.close());

it('logs one JSON line per request with method, route pattern, status, duration and id, and no PHI', async () => {
  const input = patientInput({
    givenName: 'Philomena',
    familyName: 'Quackenbush',
    email: 'philomena@private.test',
    phone: '+1 212 555 0147',
  });
  const created = await ctx.inject({
    method: 'POST',
    url: '/api/patients',
    payload: input,
  });
  await ctx.inject(`/api/patients?q=Quackenbush`);
  await ctx.inject(`/api/patients/${created.json().id}`);

  const requests = lines.filter((l) => l.msg === 'request');
  expect(requests).toHaveLength(3);
  expect(requests.map((l) => [l.method, l.route, l.status])).toEqual([
    ['POST', '/api/patients', 201],
    ['GET', '/api/patients', 200],
    ['GET', '/api/patients/:id', 200],
  ]);
  for (const l of requests) {
    expect(l.reqId).toEqual(expect.any(String));
    expect(l.durationMs).toEqual(expect.any(Number));
  }
  const everything = JSON.stringify(lines);
  for (const secret of [
    'Philomena',
    'Quackenbush',
    'philomena@private.test',
    '0147',
    'secret-token',
    created.json().id,
  ]) {
    expect(everything).not.toContain(secret);
  }
});
