import type { AssistantProvider, ProviderInput } from './provider.js';

export const NOT_GENERATING =
  'I am not generating text: no language model is configured, so this answer is the passages from the ' +
  'clinic’s documents that best match your question, quoted as written.';

/** The offline answer: the best passages, quoted and cited, and plainly not generated. */
export function offlineAnswer(input: Pick<ProviderInput, 'sources' | 'facts'>): string {
  const parts: string[] = [];
  if (input.sources.length === 0 && input.facts.length === 0) {
    return (
      'I am not generating text (no language model is configured), and I found nothing in the clinic’s ' +
      'documents that matches your question. Try other words, or ask your clinician.'
    );
  }
  parts.push(NOT_GENERATING);
  if (input.sources.length > 0) {
    parts.push(
      input.sources.map((s, i) => `[${i + 1}] “${s.excerpt}” (${s.title}, page ${s.page})`).join('\n'),
    );
  }
  if (input.facts.length > 0)
    parts.push(`Latest recorded values:\n${input.facts.map((f) => `- ${f}`).join('\n')}`);
  parts.push('Ask your clinician what this means for you.');
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
