import { OBSERVATION_TYPES } from '@medicare/contracts';
import type { Executor } from '../../db/client.js';
import { searchChunks } from '../documents/index.js';
import { latestObservations } from '../observations/index.js';
import type { Source } from './providers/index.js';

const STOP = new Set(
  'the and for are but not you your with what when where which who why how does did can could should would about from this that these those have has had was were will into than then them they their there here its our out over also just only very much many more most some any all been being his her she him i me my mine a an of on in to is it be as at by or if so no do'.split(
    ' ',
  ),
);

/** A websearch query that matches passages with any of the question's words (ts_rank favours more). */
export function searchQueryOf(message: string): string | undefined {
  const words = [
    ...new Set(
      (message.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3 && !STOP.has(w)),
    ),
  ].slice(0, 16);
  return words.length > 0 ? words.join(' or ') : undefined;
}

const EXCERPT_CHARS = 320;
export const excerptOf = (text: string) =>
  text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')}…`;

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
  return hits.map((h) => ({
    documentId: h.documentId,
    patientId: h.patientId,
    title: h.title,
    page: h.page,
    excerpt: excerptOf(h.text),
    text: h.text,
  }));
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
