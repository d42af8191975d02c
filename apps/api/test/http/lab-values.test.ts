import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentMeta, LabValueProposals, ObservationPage, Patient } from '@medicare/contracts';
import { EVAL_DOCUMENTS, EVAL_PATIENT } from '../../scripts/eval/corpus.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { makePdf, multipart } from '../support/documents.js';
import { createPatient } from '../support/factories.js';

/** Lab values in an uploaded report → observations, one confirmed value at a time (no silent writes). */
describe('GET /api/patients/:id/documents/:docId/lab-values', () => {
  let ctx: TestContext;
  let clinician: Caller;
  let zoe: Patient;
  let report: DocumentMeta;
  const latest = EVAL_DOCUMENTS.find((d) => d.title === 'Lab report March 2026')!;
  const url = () => `/api/patients/${zoe.id}/documents/${report.id}/lab-values`;

  beforeAll(async () => {
    ctx = await createTestApp();
    clinician = await ctx.as('clinician');
    zoe = await createPatient(ctx, EVAL_PATIENT);
    const docs = `/api/patients/${zoe.id}/documents`;
    const res = await ctx.inject({
      method: 'POST',
      url: docs,
      ...multipart({ name: 'lab.pdf', type: 'application/pdf', bytes: makePdf(latest.pages) }),
    });
    report = res.json<DocumentMeta>();
    await vi.waitFor(
      async () =>
        expect((await ctx.inject(`${docs}/${report.id}`)).json()).toMatchObject({ textStatus: 'done' }),
      { timeout: 15_000, interval: 50 },
    );
  });
  afterAll(() => ctx.close());

  it('proposes the report’s values with catalogue codes and the collection date, records nothing, and audits the read', async () => {
    const res = await clinician(url());
    expect(res.statusCode, res.body).toBe(200);
    const proposals = res.json<LabValueProposals>();
    expect(proposals.effectiveAt).toBe('2026-03-03T12:00:00.000Z');
    expect(proposals.items.map(({ code, value, unit }) => ({ code, value, unit }))).toEqual([
      { code: '2093-3', value: 238, unit: 'mg/dL' },
      { code: '2089-1', value: 162, unit: 'mg/dL' },
      { code: '2085-9', value: 41, unit: 'mg/dL' },
      { code: '2571-8', value: 175, unit: 'mg/dL' },
      { code: '4548-4', value: 7.2, unit: '%' },
    ]);
    expect(proposals.items[1]).toMatchObject({
      display: 'LDL cholesterol',
      page: 1,
      text: 'LDL cholesterol 162 mg/dL H (< 130 mg/dL)',
    });
    expect(await auditOf(ctx.database, res)).toEqual([
      expect.objectContaining({
        action: 'read',
        resourceType: 'document',
        resourceId: report.id,
        patientId: zoe.id,
        outcome: 'success',
      }),
    ]);
    const observations = await clinician(`/api/patients/${zoe.id}/observations`);
    expect(observations.json<ObservationPage>().items).toEqual([]);
  });

  it('records exactly the values the clinician confirms, through the observations API', async () => {
    const { items, effectiveAt } = (await clinician(url())).json<LabValueProposals>();
    const confirmed = items.filter((i) => ['2089-1', '4548-4'].includes(i.code));
    for (const item of confirmed) {
      const res = await clinician({
        method: 'POST',
        url: `/api/patients/${zoe.id}/observations`,
        payload: { code: item.code, value: item.value, unit: item.unit, effectiveAt: effectiveAt! },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const recorded = (await clinician(`/api/patients/${zoe.id}/observations`)).json<ObservationPage>().items;
    expect(recorded.map((o) => [o.code, o.value, o.unit]).sort()).toEqual([
      ['2089-1', 162, 'mg/dL'],
      ['4548-4', 7.2, '%'],
    ]);
  });

  it('is for clinicians: front desk and the patient get 403, another patient’s document 404', async () => {
    expect((await (await ctx.as('front_desk'))(url())).statusCode).toBe(403);
    expect((await (await ctx.as('patient', zoe.id))(url())).statusCode).toBe(403);
    const other = await createPatient(ctx);
    const res = await clinician(`/api/patients/${other.id}/documents/${report.id}/lab-values`);
    expect(res.statusCode).toBe(404);
  });
});
