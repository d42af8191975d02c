import type { Audience } from '../guardrails.js';
import { scoreOf, termsOf } from '../quote.js';
import type { AssistantProvider, ProviderInput } from './provider.js';

export const NOT_GENERATING =
  'I am not generating text: no language model is configured, so this answer is the sentences from the ' +
  'clinic’s documents that best match your question, quoted as written.';

/** The last line, addressed to who is reading: a clinician is not told to ask their clinician. */
export const CLOSING: Record<Audience, string> = {
  clinician: 'These are quotations: check them against the cited documents before relying on them.',
  patient: 'Ask your clinician what this means for you.',
  staff: 'A clinician can explain what this means for the patient.',
};

const NOTHING: Record<Audience, string> = {
  clinician: 'Try other words, or open the patient’s documents.',
  patient: 'Try other words, or ask your clinician.',
  staff: 'Try other words, or ask a clinician.',
};

/** The offline answer: the sentences that match the question, quoted and cited, and plainly not generated. */
export function offlineAnswer(
  input: Pick<ProviderInput, 'sources' | 'facts' | 'question'> & { audience?: Audience },
): string {
  const audience = input.audience ?? 'patient';
  const terms = termsOf(input.question);
  // Recorded values that the question names, or all of them when it names none.
  const named = input.facts.filter((f) => scoreOf(f.split(':')[0]!, terms) > 0);
  const facts = named.length > 0 ? named : input.facts;
  if (input.sources.length === 0 && facts.length === 0) {
    return (
      'I am not generating text (no language model is configured), and I found nothing in the clinic’s ' +
      `documents that matches your question. ${NOTHING[audience]}`
    );
  }
  const parts = [NOT_GENERATING];
  // Quote the passages that carry most of the question's terms: one that shares a single common word
  // ("day") with it is left out when another holds more of them. Numbers stay those of the sources.
  const coverage = input.sources.map((s) => scoreOf(s.excerpt, terms));
  const top = Math.max(0, ...coverage);
  const quoted = input.sources
    .map((s, i) => ({ s, i }))
    .filter(({ i }) => top <= 1 || coverage[i]! * 2 > top);
  if (quoted.length > 0) {
    parts.push(
      quoted
        .map(({ s, i }) => {
          const uploaded = s.patientId && s.uploadedAt ? `, added ${s.uploadedAt.slice(0, 10)}` : '';
          return `[${i + 1}] “${s.excerpt}” (${s.title}, page ${s.page}${uploaded})`;
        })
        .join('\n'),
    );
  }
  if (facts.length > 0) parts.push(`Latest recorded values:\n${facts.map((f) => `- ${f}`).join('\n')}`);
  parts.push(CLOSING[audience]);
  return parts.join('\n\n');
}

/** Word by word, so the socket shows it streaming like any other provider. */
export const offlineProvider: AssistantProvider = {
  name: 'offline',
  external: false,
  async *stream(input, signal) {
    for (const piece of offlineAnswer(input).match(/\S+\s*|\s+/g) ?? []) {
      if (signal.aborted) return;
      yield piece;
    }
  },
};
