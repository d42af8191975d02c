import { useState } from 'react';
import type { Citation } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { openDocumentInNewTab } from '../documents/open';
import { readAloud } from './voice';

export type ChatMessage = {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  citations: Citation[];
  provider: string | null;
  /** Still streaming. */
  pending?: boolean;
};

/** One turn of the conversation: the question, or the answer with its provider, sources and read-aloud. */
export function Message({ message }: { message: ChatMessage }) {
  if (message.role === 'user')
    return (
      <li className="ml-auto max-w-[85%] rounded-lg bg-blue-700 px-4 py-2 text-white">
        <span className="sr-only">You asked: </span>
        <p className="whitespace-pre-wrap break-words">{message.content}</p>
      </li>
    );
  const redFlag = message.provider === 'guardrail' && /emergency|clinician now/i.test(message.content);
  return (
    <li
      className={`max-w-[95%] rounded-lg border px-4 py-3 ${
        redFlag
          ? 'border-2 border-red-700 bg-red-50 text-red-950'
          : 'border-slate-200 bg-white text-slate-900'
      }`}
    >
      <span className="sr-only">The assistant answered: </span>
      {redFlag && (
        <p className="mb-1 text-base font-bold uppercase tracking-wide text-red-900">See a clinician now</p>
      )}
      {message.provider === 'offline' && (
        <p className="mb-2 rounded border border-amber-400 bg-amber-50 px-2 py-1 text-sm text-amber-950">
          Not generating text: these are the best passages from the clinic’s documents.
        </p>
      )}
      <p className="whitespace-pre-wrap break-words">
        {message.content}
        {message.pending && (
          <span
            aria-hidden="true"
            className="ml-0.5 inline-block h-4 w-2 animate-pulse bg-slate-500 align-middle"
          />
        )}
      </p>
      {!message.pending && <AnswerTools message={message} />}
    </li>
  );
}

function AnswerTools({ message }: { message: ChatMessage }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) =>
    setError(e instanceof Error && !('status' in e) ? e.message : describeError(e));
  return (
    <>
      {message.citations.length > 0 && (
        <div className="mt-3 border-t border-slate-200 pt-2">
          <h3 className="text-sm font-semibold text-slate-800">Sources</h3>
          <ol className="mt-1 space-y-2">
            {message.citations.map((c, i) => (
              <li key={`${c.documentId}-${c.page}-${i}`} className="text-sm">
                <Button
                  variant="ghost"
                  className="min-h-8 px-1 py-0 text-left"
                  onClick={() => {
                    setError(null);
                    openDocumentInNewTab(api, c.patientId, c.documentId, c.page).catch(fail);
                  }}
                >
                  [{i + 1}] {c.title}, page {c.page}
                  <span className="sr-only"> (opens in a new tab)</span>
                </Button>
                <p className="line-clamp-2 pl-1 text-slate-700">
                  <span className="text-slate-600">
                    {c.patientId ? 'Patient’s document' : 'Knowledge base'}:{' '}
                  </span>
                  “{c.excerpt}”
                </p>
              </li>
            ))}
          </ol>
        </div>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button
          variant="ghost"
          className="min-h-8 px-1 py-0"
          onClick={() => readAloud(api, message.content).catch(fail)}
        >
          Read aloud
        </Button>
        {error && (
          <p role="alert" className="text-sm text-red-800">
            {error}
          </p>
        )}
      </div>
    </>
  );
}
