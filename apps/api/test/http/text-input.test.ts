import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient, patientInput } from '../support/factories.js';

// Issue 12: a NUL (PostgreSQL 22021) in any text field was a 500, and invisible characters in a
// name slipped past the duplicate-patient check. Text is checked once, for every input, at the edge.

let ctx: TestContext;
let patient: Patient;

beforeAll(async () => {
  ctx = await createTestApp();
  patient = await createPatient(ctx);
});
afterAll(() => ctx?.close());

/** JSON text with `value` where the body says "@@": JSON.stringify writes a lone surrogate as \udxxx. */
const raw = (template: object, value: string) =>
  JSON.stringify(template).replace('"@@"', JSON.stringify(value));

const BAD = [
  ['NUL', 'Ann\u0000a'],
  ['a lone high surrogate', 'Ann\ud800a'],
  ['a lone low surrogate', '\udc00Anna'],
];

describe('text with NUL or an unpaired surrogate', () => {
  it.each(BAD)('is refused in body fields at any depth (%s), naming the field', async (_what, bad) => {
    for (const [body, path] of [
      [{ ...patientInput(), givenName: '@@' }, '/givenName'],
      [{ ...patientInput(), address: { line: '@@' } }, '/address/line'],
    ] as const) {
      const res = await ctx.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { 'content-type': 'application/json' },
        payload: raw(body, bad),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path }] });
    }
    const ask = await ctx.inject({
      method: 'POST',
      url: '/api/assistant/messages',
      headers: { 'content-type': 'application/json' },
      payload: raw({ message: '@@' }, bad),
    });
    expect(ask.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: '/message' }] });
  });

  it('is refused in the anonymous sign-in e-mail', async () => {
    for (const [, bad] of BAD) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: raw({ email: '@@', password: 'whatever-it-is' }, `${bad!}@example.org`),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: '/email' }] });
    }
  });

  it('is refused in query strings and path parameters', async () => {
    const search = await ctx.inject('/api/patients?q=Ann%00a');
    expect(search.statusCode, search.body).toBe(400);
    expect(search.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: '/q' }] });
    const audit = await ctx.inject('/api/audit?action=read%00');
    expect(audit.statusCode, audit.body).toBe(400);
    const path = await ctx.inject(`/api/patients/${patient.id}%00`);
    expect(path.statusCode, path.body).toBe(400);
  });
});

describe('person names', () => {
  it('are stored without invisible characters and in NFKC, and a name of nothing but them is blank', async () => {
    const created = await createPatient(ctx, {
      givenName: 'Jo\u200bsé\u00ad',
      familyName: '\u202eＭüller\u202c',
    });
    expect(created).toMatchObject({ givenName: 'José', familyName: 'Müller' });
    const blank = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: { ...patientInput(), givenName: '\u200b\u00ad\u2066' },
    });
    expect(blank.statusCode, blank.body).toBe(400);
    expect(blank.json()).toMatchObject({ issues: [{ path: '/givenName', message: 'must not be blank' }] });
  });

  it('are kept the same way for practitioners', async () => {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/practitioners',
      payload: {
        givenName: 'Mer\u200bedith\u00ad',
        familyName: '\u2067Grey\u2069',
        timeZone: 'Europe/Paris',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ givenName: 'Meredith', familyName: 'Grey' });
  });

  it.each([
    ['a zero-width space', 'An\u200bna'],
    ['a soft hyphen', 'An\u00adna'],
    ['a right-to-left override', '\u202eAnna'],
    ['full-width letters', 'Ａｎｎａ'],
  ])('match the same name with %s in the duplicate check', async (_what, given) => {
    const familyName = `Dupe${Math.random().toString(36).slice(2, 8)}`;
    await createPatient(ctx, { givenName: 'Anna', familyName, birthDate: '1970-01-02' });
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/patients',
      payload: { ...patientInput(), givenName: given, familyName, birthDate: '1970-01-02' },
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PATIENT_POSSIBLE_DUPLICATE' });
  });
});
