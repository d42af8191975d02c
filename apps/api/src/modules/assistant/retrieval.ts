import { OBSERVATION_TYPES } from '@medicare/contracts';
import type { Executor } from '../../db/client.js';
import { hasPgvector, searchByEmbedding, searchChunks, type ChunkHit } from '../documents/index.js';
import type { Embedder } from '../../platform/embeddings.js';
import { latestObservations } from '../observations/index.js';
import type { Source } from './providers/index.js';
import { quoteOf, termsOf } from './quote.js';

/** A websearch query that matches passages with any of the question's terms (ts_rank favours more). */
export function searchQueryOf(message: string): string | undefined {
  const words = termsOf(message).slice(0, 16);
  return words.length > 0 ? words.join(' or ') : undefined;
}

const ASKS_FOR_LATEST = /\b(latest|last|most\s+recent|newest|recent|current)\b/i;

/** Hits as sources: the excerpt is the sentences that match the question, not the passage's start. */
export function sourcesOf(hits: ChunkHit[], message: string): Source[] {
  const terms = termsOf(message);
  const ordered = ASKS_FOR_LATEST.test(message)
    ? // "the latest report": a patient's newer documents before older ones (stable otherwise).
      hits
        .map((h, i) => ({ h, i }))
        .sort((a, b) =>
          a.h.patientId && b.h.patientId
            ? b.h.uploadedAt.getTime() - a.h.uploadedAt.getTime() || a.i - b.i
            : a.i - b.i,
        )
        .map((x) => x.h)
    : hits;
  return ordered.map((h) => ({
    documentId: h.documentId,
    patientId: h.patientId,
    title: h.title,
    page: h.page,
    excerpt: quoteOf(h.text, terms),
    text: h.text,
    uploadedAt: h.uploadedAt.toISOString(),
  }));
}

/** Retrieval by meaning: the embedder, and how to de-identify the question before it leaves. */
export type VectorSearch = {
  embedder: Embedder;
  scrub: (text: string) => string;
  /** Resolved once per process: is pgvector installed? */
  pgvector: () => Promise<boolean>;
};

const RRF_K = 60;
const key = (h: ChunkHit) => `${h.documentId}:${h.page}:${h.text.length}:${h.text.slice(0, 40)}`;

/**
 * Reciprocal rank fusion: each list adds 1 / (60 + rank) for a passage, so one found by both the
 * words and the meaning rises, and neither ranking's scale matters.
 */
export function fuse(lists: ChunkHit[][], limit: number): ChunkHit[] {
  const scores = new Map<string, { hit: ChunkHit; score: number }>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const k = key(hit);
      const entry = scores.get(k) ?? { hit, score: 0 };
      entry.score += 1 / (RRF_K + rank + 1);
      scores.set(k, entry);
    });
  }
  return [...scores.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((e) => e.hit);
}

/**
 * The passages for a question: the knowledge base, plus the patient's own documents when the
 * caller may read that patient's clinical data (`clinicalPatientId`), best first. Full-text
 * ranking always; with `vectors`, also the nearest passages by meaning, fused by rank.
 */
export async function retrieve(
  ex: Executor,
  message: string,
  clinicalPatientId: string | undefined,
  options: { limit?: number; vectors?: VectorSearch | undefined } = {},
): Promise<Source[]> {
  const limit = options.limit ?? 4;
  const query = searchQueryOf(message);
  const text = query ? await searchChunks(ex, { query, patientId: clinicalPatientId, limit: limit * 2 }) : [];
  const { vectors } = options;
  if (!vectors) return sourcesOf(text.slice(0, limit), message);
  let nearest: ChunkHit[] = [];
  try {
    const [vector] = await vectors.embedder.embed([vectors.scrub(message)]);
    nearest = await searchByEmbedding(ex, {
      vector: vector!,
      model: vectors.embedder.model,
      patientId: clinicalPatientId,
      limit: limit * 2,
      pgvector: await vectors.pgvector(),
    });
  } catch {
    // The embeddings service being down costs the meaning half of retrieval, not the answer.
  }
  return sourcesOf(fuse([text, nearest], limit), message);
}

/** Whether pgvector is installed, asked once. */
export const pgvectorProbe = (ex: Executor) => {
  let probe: Promise<boolean> | undefined;
  return () => (probe ??= hasPgvector(ex).catch(() => false));
};

/** The patient's latest value of each catalogue observation, one plain line each. */
export async function factsOf(ex: Executor, patientId: string): Promise<string[]> {
  const rows = await latestObservations(ex, patientId, Object.keys(OBSERVATION_TYPES));
  return rows.map((o) => {
    const display = OBSERVATION_TYPES[o.code]?.display ?? o.code;
    const value =
      o.valueNumber ?? o.valueText ?? (o.valueBoolean === null ? '' : o.valueBoolean ? 'yes' : 'no');
    return `${display}: ${value}${o.unit ? ` ${o.unit}` : ''} (recorded ${o.effectiveAt.toISOString().slice(0, 10)})`;
  });
}
