import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHOLESTEROL_MG_PER_MMOL,
  type ErrorBody,
  type Observation,
  type ObservationPage,
  type Patient,
} from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

let ctx: TestContext;
let clinician: Caller;
let p: Patient;
beforeAll(async () => {
  ctx = await createTestApp();
  clinician = await ctx.as('clinician');
  p = await createPatient(ctx);
});
afterAll(() => ctx.close());

const record = (who: Caller, patientId: string, body: object) =>
  who({ method: 'POST', url: `/api/patients/${patientId}/observations`, payload: body });
const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

describe('recording observations', () => {
  it('a blood pressure, with its LOINC code, as given and normalised', async () => {
    const res = await record(clinician, p.id, {
      code: '8480-6',
      value: 128,
      unit: 'mm[Hg]',
      effectiveAt: at(1),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<Observation>()).toMatchObject({
      code: '8480-6',
      system: 'http://loinc.org',
      display: 'Systolic blood pressure',
      value: 128,
      unit: 'mm[Hg]',
      normalized: { value: 128, unit: 'mm[Hg]' },
      recordedBy: clinician.userId,
    });
  });

  it('cholesterol in mmol/L, converted exactly to mg/dL', async () => {
    const res = await record(clinician, p.id, {
      code: '2093-3',
      value: 5.5,
      unit: 'mmol/L',
      effectiveAt: at(2),
    });
    expect(res.json<Observation>()).toMatchObject({
      value: 5.5,
      unit: 'mmol/L',
      normalized: { value: 5.5 * CHOLESTEROL_MG_PER_MMOL, unit: 'mg/dL' },
    });
  });

  it.each([
    [{ code: '8480-6', value: 128, unit: 'mmol/L' }, '/unit'],
    [{ code: '8480-6', value: 1280, unit: 'mm[Hg]' }, '/value'],
    [{ code: '8480-6', value: 'high', unit: 'mm[Hg]' }, '/value'],
    [{ code: '72166-2', value: 'sometimes' }, '/value'],
    [{ code: 'diabetes', value: 'yes' }, '/value'],
    [{ code: 'diabetes', value: true, unit: 'kg' }, '/unit'],
    [{ code: '9999-9', value: 1, unit: 'kg' }, '/code'],
  ])('refuses %j naming %s', async (body, path) => {
    const res = await record(clinician, p.id, { ...body, effectiveAt: at(1) });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues![0]!.path).toBe(path);
  });

  it('refuses a time in the future', async () => {
    const res = await record(clinician, p.id, {
      code: '29463-7',
      value: 70,
      unit: 'kg',
      effectiveAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().issues).toEqual([
      { path: '/effectiveAt', message: 'must not be in the future' },
    ]);
  });

  it('a front desk may neither record nor read them', async () => {
    const desk = await ctx.as('front_desk');
    expect(
      (await record(desk, p.id, { code: 'diabetes', value: false, effectiveAt: at(1) })).statusCode,
    ).toBe(403);
    expect((await desk(`/api/patients/${p.id}/observations`)).statusCode).toBe(403);
  });
});

describe('reading them', () => {
  it('lists newest first, filters by code, pages, reads and deletes one', async () => {
    const q = await createPatient(ctx);
    for (const [days, value] of [
      [30, 120],
      [20, 125],
      [10, 130],
    ] as const) {
      await record(clinician, q.id, { code: '8480-6', value, unit: 'mm[Hg]', effectiveAt: at(days) });
    }
    await record(clinician, q.id, { code: '29463-7', value: 154, unit: '[lb_av]', effectiveAt: at(5) });
    const bp = (
      await clinician(`/api/patients/${q.id}/observations?code=8480-6&limit=2`)
    ).json<ObservationPage>();
    expect(bp.items.map((o) => o.value)).toEqual([130, 125]);
    const rest = (
      await clinician(`/api/patients/${q.id}/observations?code=8480-6&limit=2&cursor=${bp.nextCursor}`)
    ).json<ObservationPage>();
    expect(rest.items.map((o) => o.value)).toEqual([120]);
    const weight = (
      await clinician(`/api/patients/${q.id}/observations?code=29463-7`)
    ).json<ObservationPage>().items[0]!;
    expect(weight.normalized!.value).toBeCloseTo(69.853, 3);
    expect((await clinician(`/api/patients/${q.id}/observations/${weight.id}`)).json()).toEqual(weight);
    expect(
      (await clinician({ method: 'DELETE', url: `/api/patients/${q.id}/observations/${weight.id}` }))
        .statusCode,
    ).toBe(204);
    expect((await clinician(`/api/patients/${q.id}/observations/${weight.id}`)).statusCode).toBe(404);
  });

  it('a patient reads their own and nobody else’s; an unknown patient is 404', async () => {
    const mine = await createPatient(ctx);
    const other = await createPatient(ctx);
    await record(clinician, mine.id, { code: 'diabetes', value: false, effectiveAt: at(3) });
    const patient = await ctx.as('patient', mine.id);
    expect(
      (await patient(`/api/patients/${mine.id}/observations`)).json<ObservationPage>().items,
    ).toHaveLength(1);
    expect((await patient(`/api/patients/${other.id}/observations`)).statusCode).toBe(404);
    expect(
      (await record(patient, mine.id, { code: 'diabetes', value: true, effectiveAt: at(1) })).statusCode,
    ).toBe(403);
    expect(
      (await clinician('/api/patients/00000000-0000-4000-8000-000000000000/observations')).statusCode,
    ).toBe(404);
  });
});
