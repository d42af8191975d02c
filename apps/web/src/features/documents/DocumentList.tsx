import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DocumentMeta } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { describeError } from '../../api/errors';
import { fetchAll } from '../../lib/queries';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { formatBytes, formatDate, TEXT_STATUS, TYPE_LABELS } from './format';
import { downloadDocument } from './open';
import { LabValues } from './LabValues';
import { Preview } from './Preview';
import { Table } from '../../ui/Table';
import { keys } from '../../api/query-keys';

/**
 * The documents of one patient (or of the knowledge base), newest first, with what the caller may do:
 * preview and download with `canRead`, delete with `canDelete`. Polls while a PDF's text is being read.
 * Every document is listed (up to five hundred, fetched page by page), so there is no pager.
 */
export function DocumentList({
  patientId,
  canRead,
  canDelete,
  canRecord = false,
}: {
  patientId: string | null;
  canRead: boolean;
  canDelete: boolean;
  /** Offer "Lab values" (read from a PDF's text, recorded as observations once confirmed). */
  canRecord?: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = keys.documents(patientId);
  const list = useQuery({
    queryKey,
    queryFn: () =>
      fetchAll((cursor) => api.listDocuments(patientId, { limit: 100, ...(cursor ? { cursor } : {}) }), 5),
    refetchInterval: (query) => (query.state.data?.some((d) => d.textStatus === 'pending') ? 2000 : false),
  });
  const [previewing, setPreviewing] = useState<DocumentMeta | null>(null);
  const [reading, setReading] = useState<DocumentMeta | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const remove = useMutation({
    mutationFn: (doc: DocumentMeta) => api.deleteDocument(patientId, doc.id),
    onSuccess: (_, doc) => {
      setConfirming(null);
      if (previewing?.id === doc.id) setPreviewing(null);
      void queryClient.invalidateQueries({ queryKey });
    },
    onError: setActionError,
  });

  if (list.isPending) return <Loading label="Loading documents…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Empty>No documents yet.</Empty>;
  return (
    <>
      {!canRead && (
        <p className="mb-3 text-sm text-slate-700">
          Your role sees which documents exist, not what they say: preview and download are for clinicians.
        </p>
      )}
      {actionError !== null && (
        <div className="mb-3">
          <Notice tone="error" title="That did not work">
            {describeError(actionError)}
          </Notice>
        </div>
      )}
      <Table
        label={patientId === null ? 'Knowledge base documents' : 'The patient’s documents'}
        rows={list.data}
        columns={[
          {
            header: 'Document',
            cell: (doc) => (
              <div className="min-w-0">
                <p className="font-medium break-words text-slate-900">{doc.title}</p>
                <p className="text-sm text-slate-700">
                  {TYPE_LABELS[doc.contentType]} · {formatBytes(doc.sizeBytes)} · {formatDate(doc.createdAt)}
                  {doc.pageCount
                    ? ` · ${doc.pageCount} ${doc.pageCount === 1 ? 'page' : 'pages'}`
                    : ''} ·{' '}
                  <span className={doc.textStatus === 'failed' ? 'text-red-800' : ''}>
                    {TEXT_STATUS[doc.textStatus]}
                  </span>
                </p>
              </div>
            ),
          },
          {
            header: 'Actions',
            visuallyHidden: true,
            cell: (doc) => (
              <div className="flex flex-wrap justify-end gap-2">
                {canRead && (
                  <>
                    <Button
                      aria-label={`Preview ${doc.title}`}
                      aria-pressed={previewing?.id === doc.id}
                      onClick={() => setPreviewing(previewing?.id === doc.id ? null : doc)}
                    >
                      Preview
                    </Button>
                    <Button
                      aria-label={`Download ${doc.title}`}
                      onClick={() => {
                        setActionError(null);
                        downloadDocument(api, patientId, doc).catch(setActionError);
                      }}
                    >
                      Download
                    </Button>
                  </>
                )}
                {canRecord && patientId !== null && doc.textStatus === 'done' && (
                  <Button
                    aria-label={`Lab values in ${doc.title}`}
                    aria-pressed={reading?.id === doc.id}
                    onClick={() => setReading(reading?.id === doc.id ? null : doc)}
                  >
                    Lab values
                  </Button>
                )}
                {canDelete &&
                  (confirming === doc.id ? (
                    <>
                      <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(doc)}>
                        Delete “{doc.title}”
                      </Button>
                      <Button onClick={() => setConfirming(null)}>Keep it</Button>
                    </>
                  ) : (
                    <Button aria-label={`Delete ${doc.title}`} onClick={() => setConfirming(doc.id)}>
                      Delete
                    </Button>
                  ))}
              </div>
            ),
          },
        ]}
      />
      {reading && patientId !== null && (
        <LabValues key={reading.id} patientId={patientId} doc={reading} onClose={() => setReading(null)} />
      )}
      {previewing && (
        <Preview
          key={previewing.id}
          patientId={patientId}
          doc={previewing}
          onClose={() => setPreviewing(null)}
        />
      )}
    </>
  );
}
