// The rules that read "now" read the injected clock (decision 083, docs/decisions/090): a test sets the
// time instead of waiting for it. Here the clock stands in 2040, so what is in the future today is past.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRisk } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createPatient, patientInput } from '../support/factories.js';

const NOW = new Date('2040-06-15T12:00:00.000Z');
const minutesFromNow = (n: number) => new Date(NOW.getTime() + n * 60_000).toISOString();
const daysBeforeNow = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

let ctx: TestContext;
let clinician: Caller;
beforeAll(async () => {
  ctx = await createTestApp({ clock: () => new Date(NOW) });
  clinician = await ctx.as('clinician');
});
afterAll(() => ctx.close());

describe('the injected clock', () => {
  it('decides whether a birth date is in the future', async () => {
    const born = (birthDate: string) =>
      ctx.inject({ method: 'POST', url: '/api/patients', payload: patientInput({ birthDate }) });
    expect((await born('2039-12-31')).statusCode).toBe(201);
    const future = await born('2040-06-16');
    expect(future.statusCode).toBe(400);
    expect(future.json().issues).toContainEqual({ path: '/birthDate', message: 'must not be in the future' });
  });

  it('decides whether an observation is stamped too far ahead', async () => {
    const p = await createPatient(ctx);
    const record = (effectiveAt: string) =>
      clinician({
        method: 'POST',
        url: `/api/patients/${p.id}/observations`,
        payload: { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt },
      });
    expect((await record(minutesFromNow(4))).statusCode).toBe(201);
    expect((await record(minutesFromNow(10))).statusCode).toBe(400);
  });

  it('gives the risk score the age on the clock’s day and the age of each observation', async () => {
    const p = await createPatient(ctx, { sex: 'male', birthDate: '1985-01-01' });
    const post = (body: object) =>
      clinician({ method: 'POST', url: `/api/patients/${p.id}/observations`, payload: body });
    await post({ code: '2093-3', value: 213, unit: 'mg/dL', effectiveAt: daysBeforeNow(30) });
    await post({ code: '2085-9', value: 50, unit: 'mg/dL', effectiveAt: daysBeforeNow(30) });
    await post({ code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: daysBeforeNow(2) });
    await post({ code: 'bp-treatment', value: false, effectiveAt: daysBeforeNow(2) });
    await post({ code: '72166-2', value: 'never', effectiveAt: daysBeforeNow(400) });
    await post({ code: 'diabetes', value: false, effectiveAt: daysBeforeNow(2) });
    const res = await clinician(`/api/patients/${p.id}/risk?race=white`);
    expect(res.statusCode, res.body).toBe(200);
    const risk = res.json<PatientRisk>();
    expect(risk.inputs).toMatchObject({ age: 55, totalCholesterol: 213 });
    expect(risk.notes.join(' ')).toMatch(/smoker was recorded 400 days ago/);
  });
});
