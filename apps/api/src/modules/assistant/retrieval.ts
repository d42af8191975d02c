import { OBSERVATION_TYPES } from '@medicare/contracts';
import type { Executor } from '../../db/client.js';
import { searchChunks, type ChunkHit } from '../documents/documents.repository.js';
import { latestObservations } from '../observations/observations.repository.js';
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

/**
 * The passages for a question: the knowledge base, plus the patient's own documents when the
 * caller may read that patient's clinical data (`clinicalPatientId`), best first.
 */
export async function retrieve(
  ex: Executor,
  message: string,
  clinicalPatientId: string | undefined,
  limit = 4,
): Promise<Source[]> {
  const query = searchQueryOf(message);
  if (!query) return [];
  const hits = await searchChunks(ex, { query, patientId: clinicalPatientId, limit });
  return sourcesOf(hits, message);
}

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
