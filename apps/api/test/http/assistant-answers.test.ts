import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssistantAnswer, DocumentMeta, Patient } from '@medicare/contracts';
import { offlineProvider } from '../../src/modules/assistant/providers/index.js';
import { EVAL_DOCUMENTS, EVAL_PATIENT, ZOE_QUESTION } from '../../scripts/eval/corpus.js';
import { askAll, loadCorpus, retrievalRecall } from '../../scripts/eval/harness.js';
import { embedderFor } from '../../src/platform/embeddings.js';
import { fuse } from '../../src/modules/assistant/retrieval.js';
import type { ChunkHit } from '../../src/modules/documents/documents.repository.js';
import { startOpenAiServer } from '../support/openai-server.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { makePdf, multipart } from '../support/documents.js';
import { createPatient } from '../support/factories.js';

/** Answers that carry the facts asked for, quoted from the sentences that hold them. */
describe('a clinician asks about Zoë’s latest lab report (uploaded PDFs, offline)', () => {
  let ctx: TestContext;
  let clinician: Caller;
  let zoe: Patient;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    ctx = await createTestApp();
    clinician = await ctx.as('clinician');
    zoe = await createPatient(ctx, EVAL_PATIENT);
    // Older report first: upload order makes the March 2026 report the latest.
    const uploads = EVAL_DOCUMENTS.filter((d) => d.owner === 'patient').sort((a, b) =>
      a.uploadedAt.localeCompare(b.uploadedAt),
    );
    for (const doc of uploads) {
      const url = `/api/patients/${zoe.id}/documents`;
      const res = await ctx.inject({
        method: 'POST',
        url,
        ...multipart(
          { name: `${doc.title}.pdf`, type: 'application/pdf', bytes: makePdf(doc.pages) },
          { title: doc.title },
        ),
      });
      expect(res.statusCode, res.body).toBe(201);
      const meta = res.json<DocumentMeta>();
      ids.set(doc.title, meta.id);
      await vi.waitFor(
        async () =>
          expect((await ctx.inject(`${url}/${meta.id}`)).json()).toMatchObject({ textStatus: 'done' }),
        { timeout: 15_000, interval: 50 },
      );
    }
  });
  afterAll(() => ctx.close());

  it('gets the LDL, the HbA1c and the recommendation, with citations, addressed to a clinician', async () => {
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: ZOE_QUESTION, patientId: zoe.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<AssistantAnswer>();
    expect(answer.provider).toBe('offline');
    expect(answer.answer).toContain('LDL cholesterol 162 mg/dL');
    expect(answer.answer).toContain('HbA1c 7.2 %');
    expect(answer.answer).toContain(
      'Recommendation: repeat the fasting lipid panel in three months and review statin therapy.',
    );
    // The latest report is quoted first and cited, its excerpt the sentences that answer.
    const latest = ids.get('Lab report March 2026');
    expect(answer.citations[0]).toMatchObject({ documentId: latest, patientId: zoe.id, page: 1 });
    expect(answer.citations[0]!.excerpt).toContain('HbA1c 7.2 %');
    expect(answer.citations[0]!.excerpt).toContain('repeat the fasting lipid panel');
    expect(answer.answer.indexOf('162 mg/dL')).toBeLessThan(answer.answer.indexOf('171 mg/dL'));
    // Spoken to a colleague: not sent to "your clinician".
    expect(answer.answer).not.toMatch(/ask your clinician/i);
  });

  it('tells a patient asking about their own report to ask their clinician', async () => {
    const patient = await ctx.as('patient', zoe.id);
    const answer = (
      await patient({
        method: 'POST',
        url: '/api/assistant/messages',
        payload: { message: 'What was my LDL in the latest lab report?' },
      })
    ).json<AssistantAnswer>();
    expect(answer.answer).toContain('LDL cholesterol 162 mg/dL');
    expect(answer.answer).toMatch(/Ask your clinician what this means for you\.$/);
  });
});

it('answers at least 90% of the evaluation set correctly offline', async () => {
  const database = await createTestDatabase();
  try {
    const { patientId } = await loadCorpus(database.db);
    const results = await askAll(database.db, patientId, offlineProvider);
    const missed = results.filter((r) => !r.correct).map((r) => r.case.question);
    expect(results.length).toBeGreaterThanOrEqual(25);
    expect(missed.length / results.length, missed.join('\n')).toBeLessThanOrEqual(0.1);
  } finally {
    await database.close();
  }
});

it('finds passages by meaning too: embeddings stored at indexing, searched in SQL, fused with the text ranking', async () => {
  const server = await startOpenAiServer([]);
  const database = await createTestDatabase();
  try {
    const embedder = embedderFor({
      kind: 'openai',
      baseUrl: server.baseUrl,
      model: 'hashed-bag-of-words',
      dimensions: 256,
    })!;
    const { patientId } = await loadCorpus(database.db, embedder);
    // Every passage went out for embedding, de-identified (the patient's name never in the request).
    expect(server.embeddings.length).toBeGreaterThan(0);
    expect(server.raw.join('\n')).not.toMatch(/Zo[eë]|Ortiz/i);
    expect(await retrievalRecall(database.db, patientId, 'vector', embedder)).toBeGreaterThanOrEqual(0.7);
    expect(await retrievalRecall(database.db, patientId, 'fused', embedder)).toBeGreaterThanOrEqual(0.9);
  } finally {
    await database.close();
    await server.stop();
  }
});

it('fuses rankings by reciprocal rank: a passage both lists found comes first', () => {
  const hit = (text: string) =>
    ({
      documentId: 'd',
      patientId: null,
      title: 't',
      page: 1,
      text,
      uploadedAt: new Date(0),
      rank: 0,
    }) as ChunkHit;
  const [a, b, c] = [hit('a'), hit('b'), hit('c')];
  expect(
    fuse(
      [
        [a, b],
        [c, b],
      ],
      3,
    ).map((h) => h.text),
  ).toEqual(['b', 'a', 'c']);
});
