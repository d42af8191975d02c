import type { DocumentMeta } from '@medicare/contracts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const TYPE_LABELS: Record<DocumentMeta['contentType'], string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};

/** What `textStatus` means for the assistant, in words. */
export const TEXT_STATUS: Record<DocumentMeta['textStatus'], string> = {
  pending: 'Reading text…',
  done: 'Searchable',
  none: 'Image (no text)',
  failed: 'Text not readable',
};

/** When a document was added: the app's one date-and-time format, in the reader's zone. */
export { formatDateTime as formatDate } from '../../lib/time';
