import { randomUUID } from 'node:crypto';
import type { Executor } from '../../src/db/client.js';
import type { RequestContext } from '../../src/auth/principal.js';
import { createAssistantService } from '../../src/modules/assistant/assistant.service.js';
import type { Embedder } from '../../src/platform/embeddings.js';
import { fold } from '../../src/platform/deidentify/fold.js';
import type { AssistantProvider } from '../../src/modules/assistant/providers/index.js';
import { retrieve, searchQueryOf } from '../../src/modules/assistant/retrieval.js';
import * as documents from '../../src/modules/documents/documents.repository.js';
import { embedPassages, passagesOf } from '../../src/modules/documents/extract.js';
import { createPatientsService } from '../../src/modules/patients/patients.service.js';
import { EVAL_CASES, EVAL_DOCUMENTS, EVAL_PATIENT, type EvalCase } from './corpus.js';

/** The evaluation, on a migrated database: load the corpus, ask every question, score the answers. */

export const clinicianContext = (): RequestContext => ({
  principal: { userId: randomUUID(), role: 'clinician', patientId: null, sessionId: randomUUID() },
  requestId: `eval-${randomUUID()}`,
  ip: '127.0.0.1',
  userAgent: 'assistant-eval',
});

/** The patient and their documents, and the knowledge base, indexed as uploads are (and embedded with `embedder`). */
export async function loadCorpus(db: Executor, embedder?: Embedder): Promise<{ patientId: string }> {
  const patient = await createPatientsService({ db }).create(clinicianContext(), EVAL_PATIENT, {
    allowDuplicate: true,
  });
  for (const doc of EVAL_DOCUMENTS) {
    const id = randomUUID();
    const row = await documents.insertDocument(db, {
      id,
      patientId: doc.owner === 'patient' ? patient.id : null,
      title: doc.title,
      filename: `${doc.title}.pdf`,
      contentType: 'application/pdf',
      sizeBytes: 1,
      sha256: '0'.repeat(64),
      storageKey: `eval/${id}`,
      textStatus: 'done',
      pageCount: doc.pages.length,
      createdAt: new Date(doc.uploadedAt),
    });
    await documents.replaceChunks(db, id, passagesOf(doc.pages.map((lines) => lines.join('\n'))));
    if (embedder) await embedPassages(db, embedder, row);
  }
  return { patientId: patient.id };
}

const normal = (s: string) => fold(s).replace(/\s+/g, ' ');
export const holds = (answer: string, facts: string[]) =>
  facts.every((f) => normal(answer).includes(normal(f)));

export type CaseResult = { case: EvalCase; correct: boolean; answer: string };

/** Asks every question as a clinician through the assistant service (guardrails, retrieval, provider). */
export async function askAll(
  db: Executor,
  patientId: string,
  provider: AssistantProvider,
  embedder?: Embedder,
): Promise<CaseResult[]> {
  const service = createAssistantService({ database: { db }, provider, timeoutMs: 60_000, embedder });
  const out: CaseResult[] = [];
  for (const c of EVAL_CASES) {
    const answer = await service.ask(clinicianContext(), {
      message: c.question,
      ...(c.aboutPatient ? { patientId } : {}),
    });
    out.push({ case: c, correct: holds(answer.answer, c.facts), answer: answer.answer });
  }
  return out;
}

/** Retrieval alone: does a passage among the top `limit` hold every fact? (text, vectors, both) */
export async function retrievalRecall(
  db: Executor,
  patientId: string,
  mode: 'text' | 'vector' | 'fused',
  embedder: Embedder | undefined,
  limit = 4,
): Promise<number> {
  let found = 0;
  for (const c of EVAL_CASES) {
    const scope = c.aboutPatient ? patientId : undefined;
    let texts: string[];
    if (mode === 'vector') {
      const [vector] = await embedder!.embed([c.question]);
      const hits = await documents.searchByEmbedding(db, {
        vector: vector!,
        model: embedder!.model,
        patientId: scope,
        limit,
        pgvector: await documents.hasPgvector(db),
      });
      texts = hits.map((h) => h.text);
    } else if (mode === 'text') {
      const query = searchQueryOf(c.question);
      texts = query
        ? (await documents.searchChunks(db, { query, patientId: scope, limit })).map((h) => h.text)
        : [];
    } else {
      const sources = await retrieve(db, c.question, scope, {
        limit,
        vectors: embedder
          ? { embedder, scrub: (t) => t, pgvector: () => documents.hasPgvector(db) }
          : undefined,
      });
      texts = sources.map((s) => s.text);
    }
    if (holds(texts.join('\n'), c.facts)) found++;
  }
  return found / EVAL_CASES.length;
}
