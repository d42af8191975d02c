import { randomUUID } from 'node:crypto';
import type {
  AssistantAnswer,
  AssistantProviderName,
  AssistantQuestion,
  Citation,
  Conversation,
  ConversationListQuery,
  ConversationPage,
  ConversationWithMessages,
} from '@medicare/contracts';
import type { Database } from '../../db/client.js';
import type { ConversationMessageRow, ConversationRow } from '../../db/schema/index.js';
import { grantOf } from '../../auth/permissions.js';
import type { RequestContext } from '../../auth/principal.js';
import { ownPatientOnly } from '../../auth/scope.js';
import { keyset } from '../../lib/cursor.js';
import { AppError, invalid, notFound } from '../../lib/errors.js';
import { audited, auditFailure } from '../../platform/audit.js';
import { requirePatientInScope } from '../patients/index.js';
import { fold as foldName } from '../../lib/text.js';
import * as repo from './assistant.repository.js';
import { deidentifier, type Deidentifier } from '../../platform/deidentify/index.js';
import {
  asksToDiagnoseOrPrescribe,
  AUDIENCE_NOTE,
  EMERGENCY_ANSWER,
  notADiagnosis,
  overstepsIn,
  redFlagsIn,
  SYSTEM_PROMPT,
  WITHHELD,
  type Audience,
} from './guardrails.js';
import type { AssistantProvider, ProviderInput, Source } from './providers/index.js';
import type { Embedder } from '../../platform/embeddings.js';
import { factsOf, pgvectorProbe, retrieve } from './retrieval.js';

/** Most recently active first by (updated_at, id). */
const byActivity = keyset('instant', 'uuid');

/** Where a streamed answer goes as it is produced (the WebSocket); the REST route has none. */
export type AnswerSink = {
  start(info: { provider: AssistantProviderName }): void;
  token(text: string): void;
};

const HISTORY_MESSAGES = 10;

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  patientId: row.patientId,
  title: row.title,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const toMessage = (row: ConversationMessageRow) => ({
  id: row.id,
  role: row.role,
  content: row.content,
  citations: row.citations.map((c) => ({ patientId: null, ...c }) as Citation),
  provider: row.provider,
  createdAt: row.createdAt.toISOString(),
});

/** The sources an answer used: those it cites as [n], or all it was given when it cites none. */
function citedSources(answer: string, sources: Source[]): Citation[] {
  const cited = new Set([...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) - 1));
  const used = cited.size > 0 ? sources.filter((_, i) => cited.has(i)) : sources;
  return used.map(({ documentId, patientId, title, page, excerpt }) => ({
    documentId,
    patientId,
    title,
    page,
    excerpt,
  }));
}

/** Yields from `source` until it ends, failing with ASSISTANT_TIMEOUT when `ms` pass without a piece. */
async function* withIdleTimeout(
  source: (signal: AbortSignal) => AsyncIterable<string>,
  ms: number,
  outer: AbortSignal | undefined,
): AsyncGenerator<string> {
  const controller = new AbortController();
  const timedOut = new AppError(
    'ASSISTANT_TIMEOUT',
    `The assistant did not answer within ${Math.round(ms / 1000)} s; please try again`,
  );
  let timer: NodeJS.Timeout | undefined;
  let rejectStall: (e: unknown) => void = () => {};
  const stall = new Promise<never>((_, reject) => (rejectStall = reject));
  stall.catch(() => {});
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(timedOut);
      rejectStall(timedOut);
    }, ms);
  };
  const onOuterAbort = () => {
    controller.abort(outer?.reason);
    rejectStall(outer?.reason ?? new Error('aborted'));
  };
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const iterator = source(controller.signal)[Symbol.asyncIterator]();
  try {
    arm();
    for (;;) {
      const next = await Promise.race([iterator.next(), stall]);
      if (next.done) return;
      arm();
      yield next.value;
    }
  } catch (error) {
    if (controller.signal.reason === timedOut) throw timedOut;
    if (error instanceof AppError || outer?.aborted) throw error;
    throw new AppError(
      'ASSISTANT_PROVIDER_FAILED',
      'The assistant’s language model failed to answer; please try again',
    );
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    void iterator.return?.().catch(() => {});
  }
}

/** Runs of two or three capitalised words ("Émile García"), folded as patients.search_name is. */
function fullNamesIn(texts: string[]): string[] {
  const names = new Set<string>();
  for (const text of texts) {
    const words = [...text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’-]+/gu)];
    for (let i = 0; i < words.length; i++) {
      for (const n of [2, 3]) {
        const run = words.slice(i, i + n);
        if (run.length < n) continue;
        // Adjacent words only: separated by spaces, nothing else.
        const contiguous = run.every(
          (w, k) => k === 0 || /^\s+$/.test(text.slice(run[k - 1]!.index + run[k - 1]![0].length, w.index)),
        );
        if (contiguous) names.add(foldName(run.map((w) => w[0].replace(/['’]s$/, '')).join(' ')));
      }
    }
  }
  return [...names].slice(0, 50);
}

/** Who reads the answer: clinicians as colleagues, patients in plain words, other staff without advice. */
const audienceOf = (role: RequestContext['principal']['role']): Audience =>
  role === 'clinician' ? 'clinician' : role === 'patient' ? 'patient' : 'staff';

export type AssistantService = ReturnType<typeof createAssistantService>;

/**
 * The health helper: guardrails first, then retrieval (knowledge base; the patient's documents and
 * latest observations when the caller may see them), then the provider. Each turn is stored and
 * audited once, after the answer is complete, so no transaction waits on a model.
 */
export function createAssistantService(deps: {
  database: Pick<Database, 'db'>;
  provider: AssistantProvider;
  timeoutMs: number;
  embedder?: Embedder | undefined;
}) {
  const { database, provider, timeoutMs, embedder } = deps;
  const db = database.db;
  const pgvector = pgvectorProbe(db);

  async function prepare(ctx: RequestContext, input: AssistantQuestion) {
    let conversation: ConversationRow | undefined;
    let patientId: string | null;
    if (input.conversationId) {
      conversation = await repo.findConversation(db, ctx.principal.userId, input.conversationId);
      if (!conversation) throw notFound('CONVERSATION_NOT_FOUND', 'Conversation');
      patientId = conversation.patientId;
      if (input.patientId && input.patientId !== patientId) {
        throw invalid([{ path: '/patientId', message: 'is not the patient of this conversation' }]);
      }
    } else {
      // A patient's own questions are about their own record.
      patientId = input.patientId ?? (ctx.principal.role === 'patient' ? ctx.principal.patientId : null);
    }
    const patient = patientId ? await requirePatientInScope(db, ctx, 'patient.read', patientId) : undefined;
    // Clinical data only for roles with clinical.read, and a patient only their own.
    const own = ownPatientOnly(ctx, 'clinical.read');
    const clinical =
      patientId && grantOf(ctx.principal.role, 'clinical.read') && (own === undefined || own === patientId)
        ? patientId
        : undefined;
    const history = conversation ? await repo.messagesOf(db, conversation.id, HISTORY_MESSAGES) : [];
    return { conversation, patientId, patient, clinical, history, role: ctx.principal.role };
  }

  async function answer(
    prepared: Awaited<ReturnType<typeof prepare>>,
    message: string,
    sink: AnswerSink | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ text: string; citations: Citation[]; provider: AssistantProviderName }> {
    if (redFlagsIn(message).length > 0) {
      sink?.start({ provider: 'guardrail' });
      sink?.token(EMERGENCY_ANSWER);
      return { text: EMERGENCY_ANSWER, citations: [], provider: 'guardrail' };
    }
    const { patient } = prepared;
    // One de-identifier per question: the same value gets the same placeholder in the question, the
    // history, the passages and the values, and the answer gets the values back.
    // In scope: the conversation's patient, and any other patient of the clinic named in full.
    const named =
      provider.external || embedder
        ? await repo.patientsNamed(db, fullNamesIn([message, ...prepared.history.map((m) => m.content)]))
        : [];
    const inScope = [...(patient ? [patient] : []), ...named.filter((p) => p.id !== patient?.id)];
    const deid: Deidentifier | undefined = provider.external ? deidentifier(inScope) : undefined;
    const scrub = deid ? (t: string) => deid.scrub(t) : (t: string) => t;
    // The embeddings service is external too: it gets the question de-identified, whatever the chat provider.
    const forEmbedding = deid ?? deidentifier(inScope);
    const sources = await retrieve(db, message, prepared.clinical, {
      vectors: embedder ? { embedder, scrub: (t) => forEmbedding.scrub(t), pgvector } : undefined,
    });
    const facts = prepared.clinical ? await factsOf(db, prepared.clinical) : [];
    const audience = audienceOf(prepared.role);
    const input: ProviderInput = {
      system: `${SYSTEM_PROMPT} ${AUDIENCE_NOTE[audience]}`,
      history: prepared.history.map((m) => ({ role: m.role, content: scrub(m.content) })),
      question: scrub(message),
      sources: sources.map((s) => ({
        ...s,
        title: scrub(s.title),
        text: scrub(s.text),
        excerpt: scrub(s.excerpt),
      })),
      facts: facts.map(scrub),
      audience,
    };
    sink?.start({ provider: provider.name });
    let text = '';
    if (asksToDiagnoseOrPrescribe(message)) {
      text = `${notADiagnosis(audience)}\n\n`;
      sink?.token(text);
    }
    const restoring = deid?.restoreStream();
    for await (const piece of withIdleTimeout((s) => provider.stream(input, s), timeoutMs, signal)) {
      const shown = restoring ? restoring.push(piece) : piece;
      text += shown;
      if (shown) sink?.token(shown);
    }
    const rest = restoring?.flush() ?? '';
    if (rest) {
      text += rest;
      sink?.token(rest);
    }
    // A generated answer that prescribes, doses or diagnoses (say, steered by text in a document) is
    // not kept: the stored and returned answer says why instead.
    if (provider.external && overstepsIn(text)) text = `${notADiagnosis(audience)}\n\n${WITHHELD}`;
    return { text, citations: citedSources(text, sources), provider: provider.name };
  }

  return {
    async ask(
      ctx: RequestContext,
      input: AssistantQuestion,
      sink?: AnswerSink,
      signal?: AbortSignal,
    ): Promise<AssistantAnswer> {
      const askedAt = new Date();
      const subject = {
        action: 'create' as const,
        resourceType: 'assistant_turn',
        resourceId: input.conversationId ?? null,
        patientId: input.patientId ?? null,
      };
      let prepared: Awaited<ReturnType<typeof prepare>>;
      let result: Awaited<ReturnType<typeof answer>>;
      try {
        prepared = await prepare(ctx, input);
        result = await answer(prepared, input.message, sink, signal);
      } catch (error) {
        return auditFailure(database, ctx, subject, error);
      }
      const { conversation, patientId } = prepared;
      return audited(database, ctx, subject, async (tx) => {
        const conv =
          conversation ??
          (await repo.insertConversation(tx, {
            id: randomUUID(),
            userId: ctx.principal.userId,
            patientId,
            title: input.message.replace(/\s+/g, ' ').trim().slice(0, 80),
            createdAt: askedAt,
          }));
        const answeredAt = new Date(Math.max(Date.now(), askedAt.getTime() + 1));
        const [, reply] = await repo.insertMessages(tx, [
          { conversationId: conv.id, role: 'user', content: input.message, createdAt: askedAt },
          {
            conversationId: conv.id,
            role: 'assistant',
            content: result.text,
            citations: result.citations,
            provider: result.provider,
            createdAt: answeredAt,
          },
        ]);
        await repo.touchConversation(tx, conv.id, answeredAt);
        return {
          result: {
            conversationId: conv.id,
            messageId: reply!.id,
            answer: result.text,
            citations: result.citations,
            provider: result.provider,
          },
          resourceId: conv.id,
          patientId,
        };
      });
    },

    async conversations(ctx: RequestContext, query: ConversationListQuery): Promise<ConversationPage> {
      const limit = query.limit ?? 20;
      const before = byActivity.decode(query.cursor);
      return audited(database, ctx, { action: 'search', resourceType: 'conversation' }, async (tx) => {
        const rows = await repo.listConversations(tx, {
          userId: ctx.principal.userId,
          limit,
          before: before && { at: before[0], id: before[1] },
        });
        const { items, nextCursor } = byActivity.page(rows, limit, (c) => [c.updatedAt.toISOString(), c.id]);
        return {
          result: { items: items.map(toConversation), nextCursor },
          resultIds: items.map((c) => c.id),
        };
      });
    },

    async conversation(ctx: RequestContext, id: string): Promise<ConversationWithMessages> {
      return audited(
        database,
        ctx,
        { action: 'read', resourceType: 'conversation', resourceId: id },
        async (tx) => {
          const row = await repo.findConversation(tx, ctx.principal.userId, id);
          if (!row) throw notFound('CONVERSATION_NOT_FOUND', 'Conversation');
          const messages = await repo.messagesOf(tx, id);
          return {
            result: { ...toConversation(row), messages: messages.map(toMessage) },
            patientId: row.patientId,
          };
        },
      );
    },
  };
}
