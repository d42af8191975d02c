import { useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Conversation, ConversationWithMessages, Patient } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError } from '../../api/errors';
import { useTitle } from '../../app/guards';
import { useUser } from '../../auth/session';
import { patientName, PatientName, usePatient } from '../../lib/queries';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Card, PageHeader } from '../../ui/layout';
import { PatientSearch } from '../patients/PatientSearch';
import { formatDate } from '../documents/format';
import { Message, type ChatMessage } from './Message';
import { useDictation } from './voice';
import { keys } from '../../api/query-keys';

/**
 * The health helper: a chat streamed over /ws (REST when the socket cannot be used), optionally about a
 * patient, with the caller's conversations to resume. Loaded on demand (its own chunk).
 */
export default function AssistantPage() {
  useTitle('Assistant');
  const api = useApi();
  const user = useUser();
  const queryClient = useQueryClient();
  const [search, setSearch] = useSearchParams();
  /** The conversation just started here, until the URL names it (one React update, no empty flash). */
  const [startedId, setStartedId] = useState<string | null>(null);
  const conversationId = search.get('conversation') ?? startedId;
  const [patientId, setPatientId] = useState<string | null>(search.get('patient'));
  const [draft, setDraft] = useState('');
  /** The turn being asked; finished turns live in the conversation's query data. */
  const [pending, setPending] = useState<ChatMessage[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [viaRest, setViaRest] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const dictation = useDictation(api, (text) => setDraft((d) => (d ? `${d} ${text}` : text)));

  const conversations = useQuery({
    queryKey: keys.conversations,
    queryFn: () => api.listConversations({ limit: 50 }),
  });
  const conversation = useQuery({
    queryKey: keys.conversation(conversationId),
    queryFn: () => api.getConversation(conversationId!),
    enabled: Boolean(conversationId),
    staleTime: 60_000,
  });
  const stored = conversationId ? (conversation.data?.messages ?? []) : [];
  const turns: ChatMessage[] = [...stored, ...pending];

  function startNew() {
    setPending([]);
    setStartedId(null);
    setError(null);
    setSearch({}, { replace: true });
    input.current?.focus();
  }

  async function send(event: FormEvent) {
    event.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setDraft('');
    setError(null);
    setBusy(true);
    setStatus('The assistant is answering…');
    const pendingId = `pending-${Date.now()}`;
    setPending([
      { id: `${pendingId}-q`, role: 'user', content: message, citations: [], provider: null },
      { id: pendingId, role: 'assistant', content: '', citations: [], provider: null, pending: true },
    ]);
    const update = (change: (m: ChatMessage) => ChatMessage) =>
      setPending((t) => t.map((m) => (m.id === pendingId ? change(m) : m)));
    try {
      const answer = await api.askStreaming(
        {
          message,
          ...(conversationId ? { conversationId } : {}),
          ...(!conversationId && patientId && user.role !== 'patient' ? { patientId } : {}),
        },
        {
          onStart: (provider) => update((m) => ({ ...m, provider })),
          onToken: (text) => update((m) => ({ ...m, content: m.content + text })),
          onFallback: () => setViaRest(true),
        },
      );
      const at = new Date().toISOString();
      const asked = [
        {
          id: `${answer.messageId}-q`,
          role: 'user',
          content: message,
          citations: [],
          provider: null,
          createdAt: at,
        },
        {
          id: answer.messageId,
          role: 'assistant',
          content: answer.answer,
          citations: answer.citations,
          provider: answer.provider,
          createdAt: at,
        },
      ] satisfies ConversationWithMessages['messages'];
      queryClient.setQueryData<ConversationWithMessages>(['conversation', answer.conversationId], (old) =>
        old
          ? { ...old, updatedAt: at, messages: [...old.messages, ...asked] }
          : {
              id: answer.conversationId,
              patientId: user.role === 'patient' ? user.patientId : patientId,
              title: message.slice(0, 80),
              createdAt: at,
              updatedAt: at,
              messages: asked,
            },
      );
      setPending([]);
      setStatus('The answer is ready.');
      if (answer.conversationId !== conversationId) {
        setStartedId(answer.conversationId);
        setSearch({ conversation: answer.conversationId }, { replace: true });
      }
      void queryClient.invalidateQueries({ queryKey: keys.conversations });
    } catch (e) {
      setPending([]);
      setDraft(message);
      setError(e);
      setStatus('');
    } finally {
      setBusy(false);
    }
  }

  const chosen = usePatient(patientId);
  const aboutLabel =
    user.role === 'patient' ? 'your own record' : chosen.data ? patientName(chosen.data.data) : null;
  const resumedWithoutLoad = conversationId && conversation.isPending;

  return (
    <>
      <PageHeader
        title="Assistant"
        subtitle="Answers come from the clinic’s documents, with their sources. It informs; it does not diagnose or prescribe."
        actions={<Button onClick={startNew}>New conversation</Button>}
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <Card title="Conversations" className="order-2 self-start lg:order-1">
          <ConversationList
            items={conversations.data?.items}
            error={conversations.error}
            current={conversationId}
            onOpen={(id) => setSearch({ conversation: id }, { replace: true })}
          />
        </Card>
        <section aria-label="Chat" className="order-1 flex min-w-0 flex-col gap-4 lg:order-2">
          {user.role !== 'patient' && !conversationId && (
            <Card title="About a patient (optional)">
              {chosen.data ? (
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <span>
                    About <strong>{patientName(chosen.data.data)}</strong> ({chosen.data.data.mrn}): their
                    documents and observations are searched too.
                  </span>
                  <Button onClick={() => setPatientId(null)}>Clear patient</Button>
                </div>
              ) : (
                <PatientSearch
                  label="Find a patient"
                  pageSize={5}
                  onChoose={(p: Patient) => setPatientId(p.id)}
                />
              )}
            </Card>
          )}
          {conversationId && conversation.data?.patientId && user.role !== 'patient' && (
            <p className="text-sm text-slate-700">
              About <PatientName id={conversation.data.patientId} />
            </p>
          )}
          {aboutLabel && user.role === 'patient' && (
            <p className="text-sm text-slate-700">
              Questions here are about {aboutLabel} and the clinic’s leaflets.
            </p>
          )}
          {viaRest && (
            <Notice>
              The live connection is not available, so answers arrive whole rather than word by word.
            </Notice>
          )}
          {resumedWithoutLoad ? (
            <Loading label="Loading the conversation…" />
          ) : conversation.isError ? (
            <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />
          ) : turns.length === 0 ? (
            <Empty>Ask a question about a condition, a leaflet or a patient’s documents.</Empty>
          ) : (
            <ol aria-label="Messages" className="flex flex-col gap-3">
              {turns.map((m) => (
                <Message key={m.id} message={m} />
              ))}
            </ol>
          )}
          <p role="status" className="sr-only">
            {status}
          </p>
          {error !== null && (
            <Notice tone="error" title="No answer">
              {describeError(error)}
            </Notice>
          )}
          <form onSubmit={send} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <label htmlFor="question" className="mb-1 block text-sm font-medium text-slate-800">
              Your question
            </label>
            <textarea
              id="question"
              ref={input}
              value={draft}
              maxLength={4000}
              rows={3}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              className="block w-full rounded-md border border-slate-400 px-3 py-2 text-sm text-slate-900"
            />
            <div className="mt-2 flex flex-wrap items-center justify-end gap-2">
              {dictation.error && <p className="mr-auto text-sm text-red-800">{dictation.error}</p>}
              {dictation.unavailable && (
                <p className="mr-auto text-sm text-slate-700">{dictation.unavailable}</p>
              )}
              <Button
                aria-pressed={dictation.listening}
                disabled={dictation.unavailable !== null}
                onClick={dictation.toggle}
              >
                <MicIcon />
                {dictation.listening ? 'Stop listening' : 'Speak'}
              </Button>
              <Button type="submit" variant="primary" disabled={busy || !draft.trim()}>
                {busy ? 'Answering…' : 'Ask'}
              </Button>
            </div>
          </form>
        </section>
      </div>
    </>
  );
}

function ConversationList({
  items,
  error,
  current,
  onOpen,
}: {
  items: Conversation[] | undefined;
  error: unknown;
  current: string | null;
  onOpen: (id: string) => void;
}) {
  if (error) return <ErrorState error={error} />;
  if (!items) return <Loading />;
  if (items.length === 0) return <p className="text-sm text-slate-700">None yet.</p>;
  return (
    <ul className="space-y-1">
      {items.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            aria-current={c.id === current ? 'true' : undefined}
            onClick={() => onOpen(c.id)}
            className={`block w-full rounded-md px-2 py-2 text-left text-sm ${
              c.id === current
                ? 'bg-blue-50 font-semibold text-blue-900'
                : 'text-slate-900 hover:bg-slate-100'
            }`}
          >
            <span className="line-clamp-2 break-words">{c.title}</span>
            <span className="block text-xs font-normal text-slate-600">{formatDate(c.updatedAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A microphone, drawn (emoji fonts are not everywhere). */
function MicIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
    >
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" strokeLinecap="round" />
    </svg>
  );
}
