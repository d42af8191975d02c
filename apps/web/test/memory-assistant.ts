import type {
  AssistantAnswer,
  AssistantProviderName,
  Citation,
  ConversationWithMessages,
  DocumentMeta,
} from '@medicare/contracts';
import { ApiError } from '../src/api/errors';

/** The API's type check: the first bytes decide, never the name. */
export async function sniff(file: Blob): Promise<DocumentMeta['contentType'] | null> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}

export const OFFLINE_PREFIX =
  'I am not generating text: no language model is configured, so this answer is the passages from the ' +
  'clinic’s documents that best match your question.';
export const RED_FLAG_ANSWER =
  'This may be an emergency. Please see a clinician now: call your local emergency number or go to the ' +
  'nearest emergency department.';
const RED_FLAGS = /chest pain|stroke|suicid|can'?t breathe|trouble breathing|unconscious/i;

export type Passage = {
  documentId: string;
  patientId: string | null;
  title: string;
  page: number;
  text: string;
};

const words = (s: string) => s.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [];

/** The offline provider and the red-flag guardrail, as the API answers them. */
export function answerFor(
  message: string,
  passages: Passage[],
): { answer: string; citations: Citation[]; provider: AssistantProviderName } {
  if (RED_FLAGS.test(message)) return { answer: RED_FLAG_ANSWER, citations: [], provider: 'guardrail' };
  const asked = new Set(words(message));
  const ranked = passages
    .map((p) => ({ p, score: words(p.text).filter((w) => asked.has(w)).length }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  if (ranked.length === 0)
    return {
      answer:
        'I am not generating text (no language model is configured), and I found nothing in the clinic’s documents that matches.',
      citations: [],
      provider: 'offline',
    };
  const citations = ranked.map(({ p }) => ({
    documentId: p.documentId,
    title: p.title,
    page: p.page,
    excerpt: p.text,
    patientId: p.patientId,
  }));
  const quotes = citations.map((c, i) => `[${i + 1}] “${c.excerpt}” (${c.title}, page ${c.page})`);
  return { answer: `${OFFLINE_PREFIX}\n\n${quotes.join('\n\n')}`, citations, provider: 'offline' };
}

/** Splits an answer into the pieces a socket would send, keeping spaces so they join back exactly. */
export const pieces = (answer: string) => answer.match(/\S+\s*|\s+/g) ?? [];

export function conversationAnswer(conversation: ConversationWithMessages): AssistantAnswer | undefined {
  const last = conversation.messages.at(-1);
  if (!last || last.role !== 'assistant') return undefined;
  return {
    conversationId: conversation.id,
    messageId: last.id,
    answer: last.content,
    citations: last.citations,
    provider: (last.provider ?? 'offline') as AssistantProviderName,
  };
}

export const voiceNotConfigured = () =>
  new ApiError(501, {
    code: 'VOICE_NOT_CONFIGURED',
    message: 'Server speech is not configured; use the browser’s speech instead.',
    requestId: 'test',
  });
