import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, PatientRisk, Prediction } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';

let ctx: TestContext;
let clinician: Caller;
beforeAll(async () => {
  ctx = await createTestApp();
  clinician = await ctx.as('clinician');
});
afterAll(() => ctx.close());

const example =
  'age=55&totalCholesterol=213&hdl=50&systolicBp=120&bpTreated=false&smoker=false&diabetes=false';

describe('GET /predict', () => {
  it('answers the score, its category, the model and notes, without sign-in', async () => {
    const res = await ctx.app.inject(`/predict?${example}&sex=male&race=white`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Prediction>();
    expect(body).toMatchObject({
      score: 0.0538,
      percent: 5.4,
      category: 'borderline',
      model: 'pce-ascvd-10y',
      modelVersion: '2013',
    });
    expect(body.inputs).toEqual({
      age: 55,
      sex: 'male',
      race: 'white',
      totalCholesterol: 213,
      hdl: 50,
      systolicBp: 120,
      bpTreated: false,
      smoker: false,
      diabetes: false,
    });
    expect(body.notes.join(' ')).toMatch(/Pooled Cohort Equations/);
  });

  it('notes that other races use the white equations', async () => {
    const body = (await ctx.app.inject(`/predict?${example}&sex=female&race=other`)).json<Prediction>();
    expect(body.percent).toBe(2.1);
    expect(body.notes.join(' ')).toMatch(/equations for white people/);
  });

  it('names every bad or missing input with 400', async () => {
    const res = await ctx.app.inject('/predict?age=abc&sex=robot&hdl=50');
    expect(res.statusCode).toBe(400);
    const paths = res.json<ErrorBody>().issues!.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/age',
        '/sex',
        '/race',
        '/totalCholesterol',
        '/systolicBp',
        '/bpTreated',
        '/smoker',
        '/diabetes',
      ]),
    );
  });

  it('answers 422 naming the input and the range outside the validated range, never a number', async () => {
    const res = await ctx.app.inject(
      `/predict?age=85&totalCholesterol=213&hdl=110&systolicBp=120&bpTreated=false&smoker=false&diabetes=false&sex=male&race=white`,
    );
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'RISK_INPUT_OUT_OF_RANGE',
      issues: [
        { path: '/age', message: 'must be between 40 and 79 years for this model (got 85)' },
        { path: '/hdl', message: 'must be between 20 and 100 mg/dL for this model (got 110)' },
      ],
    });
    expect(res.json()).not.toHaveProperty('score');
  });
});

describe('GET /api/patients/:id/risk', () => {
  const post = (id: string, body: object) =>
    clinician({ method: 'POST', url: `/api/patients/${id}/observations`, payload: body });
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const fiftyFiveToday = () => {
    const d = new Date();
    return `${d.getUTCFullYear() - 55}-01-01`;
  };

  it('computes from the latest observations and says where each input came from', async () => {
    const p = await createPatient(ctx, { sex: 'male', birthDate: fiftyFiveToday() });
    await post(p.id, { code: '2093-3', value: 250, unit: 'mg/dL', effectiveAt: daysAgo(400) });
    const tc = (
      await post(p.id, { code: '2093-3', value: 213, unit: 'mg/dL', effectiveAt: daysAgo(30) })
    ).json<{ id: string }>();
    await post(p.id, { code: '2085-9', value: 50, unit: 'mg/dL', effectiveAt: daysAgo(30) });
    await post(p.id, { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: daysAgo(2) });
    await post(p.id, { code: 'bp-treatment', value: false, effectiveAt: daysAgo(2) });
    await post(p.id, { code: '72166-2', value: 'never', effectiveAt: daysAgo(400) });
    await post(p.id, { code: 'diabetes', value: false, effectiveAt: daysAgo(2) });
    const res = await clinician(`/api/patients/${p.id}/risk?race=white`);
    expect(res.statusCode, res.body).toBe(200);
    const risk = res.json<PatientRisk>();
    expect(risk).toMatchObject({
      score: 0.0538,
      category: 'borderline',
      inputs: { age: 55, totalCholesterol: 213 },
    });
    expect(risk.sources.totalCholesterol).toMatchObject({
      observationId: tc.id,
      from: 'LOINC 2093-3',
      ageDays: 30,
    });
    expect(risk.sources.age).toMatchObject({ from: 'birthDate' });
    expect(risk.notes.join(' ')).toMatch(/smoker was recorded 400 days ago/);
  });

  it('answers 422 listing what is missing', async () => {
    const p = await createPatient(ctx, { sex: 'female', birthDate: fiftyFiveToday() });
    await post(p.id, { code: '8480-6', value: 120, unit: 'mm[Hg]', effectiveAt: daysAgo(2) });
    const res = await clinician(`/api/patients/${p.id}/risk`);
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>()).toMatchObject({ code: 'RISK_INPUTS_MISSING' });
    expect(res.json<ErrorBody>().details!.missing!.sort()).toEqual([
      'bpTreated',
      'diabetes',
      'hdl',
      'smoker',
      'totalCholesterol',
    ]);
  });

  it('a patient sees their own score, a front desk none', async () => {
    const p = await createPatient(ctx);
    const patient = await ctx.as('patient', p.id);
    expect((await patient(`/api/patients/${p.id}/risk`)).statusCode).toBe(422);
    const desk = await ctx.as('front_desk');
    expect((await desk(`/api/patients/${p.id}/risk`)).statusCode).toBe(403);
  });
});
