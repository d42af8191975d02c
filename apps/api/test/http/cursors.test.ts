import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '@medicare/contracts';
import { ROLES } from '../../src/db/schema/index.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

// Issue 12: a well-formed cursor whose key was not what the list expected ({"k":["x","y"]}) reached
// PostgreSQL as a timestamp or uuid and came back a 500, on every keyset list, for any role.

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Cursors no list issued: wrong key types and counts, out-of-range offsets, garbage. */
const FORGED = [
  b64({ k: ['x', 'y'] }),
  b64({ k: [{}] }),
  b64({ k: [null, null] }),
  b64({ k: ['2026-01-01T00:00:00.000Z', 'not-a-uuid'] }),
  b64({ k: ['0000-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000'] }),
  b64({ k: ['a\u0000', '00000000-0000-0000-0000-000000000000'] }),
  b64({ k: ['2026-01-01T00:00:00.000Z', '00000000-0000-0000-0000-000000000000', 3] }),
  b64({ o: -1 }),
  b64({ o: 1e12 }),
  b64({ o: 1.5 }),
  b64(null),
  b64([1, 2]),
  '%%%',
  'eyJr',
];

let ctx: TestContext;
let patient: Patient;
const callers = {} as Record<(typeof ROLES)[number] | 'patientSelf', Caller>;

/** Every list the API pages: seven by keyset (plus the knowledge base), three by offset. */
const LISTS = () => [
  '/api/patients',
  '/api/patients?q=ada',
  `/api/patients/${patient.id}/access-log`,
  `/api/patients/${patient.id}/observations`,
  `/api/patients/${patient.id}/documents`,
  '/api/appointments',
  '/api/audit',
  '/api/assistant/conversations',
  '/api/knowledge/documents',
  '/api/practitioners',
  '/api/users',
];

const withCursor = (url: string, cursor: string) =>
  `${url}${url.includes('?') ? '&' : '?'}limit=1&cursor=${encodeURIComponent(cursor)}`;

beforeAll(async () => {
  ctx = await createTestApp();
  patient = await createPatient(ctx);
  await createPatient(ctx);
  await createPatient(ctx);
  for (const role of ROLES)
    callers[role] = role === 'patient' ? await ctx.as(role, patient.id) : await ctx.as(role);
});
afterAll(() => ctx?.close());

describe('forged cursors', () => {
  it.each(ROLES)('are 400 INVALID_CURSOR on every list the %s may read, never 500', async (role) => {
    const caller = callers[role];
    for (const url of LISTS()) {
      const allowed = (await caller(`${url}${url.includes('?') ? '&' : '?'}limit=1`)).statusCode === 200;
      for (const cursor of FORGED) {
        const res = await caller(withCursor(url, cursor));
        if (allowed) {
          expect(res.statusCode, `${url} ${cursor}: ${res.body}`).toBe(400);
          expect(res.json(), url).toMatchObject({ code: 'INVALID_CURSOR', issues: [{ path: '/cursor' }] });
        } else {
          expect(res.statusCode, `${url} ${cursor}: ${res.body}`).toBeLessThan(500);
        }
      }
    }
  });
});

describe('issued cursors', () => {
  it('page through a list, and are refused by any other list', async () => {
    const first = await ctx.inject('/api/patients?limit=1');
    const { nextCursor } = first.json<{ nextCursor: string }>();
    expect(nextCursor).toEqual(expect.any(String));
    const second = await ctx.inject(withCursor('/api/patients', nextCursor));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<{ items: Patient[] }>().items[0]!.id).not.toBe(
      first.json<{ items: Patient[] }>().items[0]!.id,
    );
    for (const other of ['/api/audit', '/api/users', '/api/appointments']) {
      const res = await ctx.inject(withCursor(other, nextCursor));
      expect(res.json(), other).toMatchObject({ code: 'INVALID_CURSOR' });
    }
  });

  it('are refused when altered by a single character', async () => {
    const { nextCursor } = (await ctx.inject('/api/audit?limit=1')).json<{ nextCursor: string }>();
    const last = nextCursor.at(-1) === 'A' ? 'B' : 'A';
    const res = await ctx.inject(withCursor('/api/audit', `${nextCursor.slice(0, -1)}${last}`));
    expect(res.json()).toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('without a cursor secret', () => {
  it('each list still checks its cursor’s shape, and its own cursors still page', async () => {
    const plain = await createTestApp({ config: { cursorSecret: undefined } });
    try {
      await createPatient(plain);
      await createPatient(plain);
      for (const cursor of FORGED) {
        const res = await plain.inject(withCursor('/api/audit', cursor));
        expect(res.json(), cursor).toMatchObject({ code: 'INVALID_CURSOR' });
      }
      const { nextCursor } = (await plain.inject('/api/patients?limit=1')).json<{ nextCursor: string }>();
      expect(JSON.parse(Buffer.from(nextCursor, 'base64url').toString())).toMatchObject({
        k: expect.any(Array),
      });
      expect((await plain.inject(withCursor('/api/patients', nextCursor))).statusCode).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
