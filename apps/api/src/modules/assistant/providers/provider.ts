import type { Citation } from '@medicare/contracts';

/** A passage retrieved for a question, numbered [1], [2] … in the prompt. */
export type Source = Citation & { text: string };

export type Turn = { role: 'user' | 'assistant'; content: string };

/** Everything a provider is given for one answer; for an external one, already scrubbed. */
export type ProviderInput = {
  system: string;
  /** The conversation so far, ending with the question. */
  messages: Turn[];
  sources: Source[];
  /** Latest observations of the patient, one line each ("Systolic blood pressure: 128 mm[Hg] on …"). */
  facts: string[];
};

/**
 * One way of answering. `external` providers send text off the machine, so what they receive is
 * scrubbed of identifiers first. `stream` yields the answer piece by piece and stops when `signal`
 * aborts.
 */
export interface AssistantProvider {
  readonly name: 'offline' | 'openai' | 'bedrock';
  readonly external: boolean;
  stream(input: ProviderInput, signal: AbortSignal): AsyncIterable<string>;
}

/** The context block external models get after the system prompt. */
export function contextBlock(input: Pick<ProviderInput, 'sources' | 'facts'>): string {
  const sources = input.sources.map((s, i) => `[${i + 1}] ${s.title}, page ${s.page}: ${s.text}`).join('\n');
  const facts =
    input.facts.length > 0 ? `\n\nThe patient's latest recorded values:\n${input.facts.join('\n')}` : '';
  return `Sources:\n${sources || '(none found)'}${facts}`;
}
