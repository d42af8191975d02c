import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { DocumentMeta } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { Button } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { openDocumentInNewTab } from './open';
import { keys } from '../../api/query-keys';

/** A blob: URL for the document's bytes, revoked when the preview closes. */
function useBlobUrl(blob: Blob | undefined) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) return;
    const made = URL.createObjectURL(blob);
    // The URL is an external resource made and revoked with the blob; React state only names it.
    setUrl(made); // eslint-disable-line react-hooks/set-state-in-effect
    return () => URL.revokeObjectURL(made);
  }, [blob]);
  return url;
}

/** True once the page's CSP has refused to frame a blob: URL (frame-src without blob:). */
function useFrameBlocked() {
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const listen = (event: SecurityPolicyViolationEvent) => {
      if (event.blockedURI.startsWith('blob') && /frame|child|default/.test(event.effectiveDirective))
        setBlocked(true);
    };
    document.addEventListener('securitypolicyviolation', listen);
    return () => document.removeEventListener('securitypolicyviolation', listen);
  }, []);
  return blocked;
}

/** The document itself, in the page: an image, or the browser's PDF viewer in a frame. */
export function Preview({
  patientId,
  doc,
  onClose,
}: {
  patientId: string | null;
  doc: DocumentMeta;
  onClose: () => void;
}) {
  const api = useApi();
  const content = useQuery({
    queryKey: keys.documentContent(doc.id),
    queryFn: () => api.documentContent(patientId, doc.id),
    staleTime: 5 * 60_000,
    gcTime: 60_000,
  });
  const url = useBlobUrl(content.data);
  const frameBlocked = useFrameBlocked();
  const [openError, setOpenError] = useState<unknown>(null);

  return (
    <section aria-label={`Preview of ${doc.title}`} className="mt-4 rounded-md border border-slate-300 p-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold text-slate-900">Preview: {doc.title}</h3>
        <div className="flex gap-2">
          <Button onClick={() => openDocumentInNewTab(api, patientId, doc.id).catch(setOpenError)}>
            Open in new tab
          </Button>
          <Button onClick={onClose}>Close preview</Button>
        </div>
      </div>
      {openError !== null && <ErrorState error={openError} title="The document could not be opened" />}
      {content.isPending && <Loading label="Loading the document…" />}
      {content.isError && (
        <ErrorState
          error={content.error}
          title="The document could not be shown"
          onRetry={() => void content.refetch()}
        />
      )}
      {url &&
        (doc.contentType === 'application/pdf' ? (
          frameBlocked ? (
            <Notice tone="warning" title="The PDF cannot be shown inside the page">
              This site’s security policy does not allow framing it. Use “Open in new tab”.
            </Notice>
          ) : (
            <iframe
              title={`${doc.title} (PDF)`}
              src={url}
              className="h-[70vh] w-full rounded border border-slate-200"
            />
          )
        ) : (
          <img src={url} alt={doc.title} className="mx-auto max-h-[70vh] max-w-full object-contain" />
        ))}
    </section>
  );
}
