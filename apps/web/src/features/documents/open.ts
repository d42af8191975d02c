import type { ApiClient } from '../../api/client';

/**
 * Opens a document in a new tab at `page` (PDF viewers honour `#page=N`). The tab opens at once, while the
 * click still counts as the person's (pop-up blockers), and shows the file when its bytes have arrived: the
 * content route needs the access token, which a plain link cannot send.
 */
export async function openDocumentInNewTab(
  api: ApiClient,
  patientId: string | null,
  documentId: string,
  page?: number,
): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await api.documentContent(patientId, documentId);
    const url = URL.createObjectURL(blob);
    const target = page && blob.type === 'application/pdf' ? `${url}#page=${page}` : url;
    if (tab) tab.location.href = target;
    else window.location.assign(target);
    setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
  } catch (error) {
    tab?.close();
    throw error;
  }
}

/** Saves a document under its file name (`?download=true`, so the audit says it was downloaded). */
export async function downloadDocument(
  api: ApiClient,
  patientId: string | null,
  doc: { id: string; filename: string },
): Promise<void> {
  const blob = await api.documentContent(patientId, doc.id, { download: true });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = doc.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
