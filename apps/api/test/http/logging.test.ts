import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { SERVICE_NAMES } from '../../src/config.js';
import { loggerOptions } from '../../src/logger.js';
import { createTestDatabase } from '../support/database.js';
import { patientInput } from '../support/factories.js';

const lines: Record<string, unknown>[] = [];
let app: App;
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp({
    config: { services: new Set(SERVICE_NAMES), bodyLimitBytes: 1_048_576, webDistDir: '/nonexistent' },
    database: await createTestDatabase(),
    logger: { ...(loggerOptions({ logLevel: 'info' }) as object), stream },
  });
});
afterAll(() => app.close());

it('logs one JSON line per request with method, route pattern, status, duration and id, and no PHI', async () => {
  const input = patientInput({
    givenName: 'Philomena',
    familyName: 'Quackenbush',
    email: 'philomena@private.test',
    phone: '+1 212 555 0147',
  });
  const created = await app.inject({
    method: 'POST',
    url: '/api/patients',
    payload: input,
    headers: { authorization: 'Bearer secret-token' },
  });
  await app.inject(`/api/patients?q=Quackenbush`);
  await app.inject(`/api/patients/${created.json().id}`);

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
