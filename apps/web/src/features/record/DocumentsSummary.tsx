import { useQuery } from '@tanstack/react-query';
import type { DocumentMeta } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';
import { fetchAll } from '../../lib/queries';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Table } from '../../ui/Table';
import { formatBytes, formatDate, TYPE_LABELS } from '../documents/format';

/** The patient's documents as a list to print: title, kind, when added, size (metadata only). */
export function DocumentsSummary({ patientId }: { patientId: string }) {
  const api = useApi();
  // The documents tab's own query (same key, same pages), so either fills the other's cache.
  const list = useQuery({
    queryKey: keys.documents(patientId),
    queryFn: () =>
      fetchAll((cursor) => api.listDocuments(patientId, { limit: 100, ...(cursor ? { cursor } : {}) }), 5),
  });
  if (list.isPending) return <Loading label="Loading documents…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Empty>No documents on file.</Empty>;
  return (
    <Table<DocumentMeta>
      label="Documents on file"
      compact
      rows={list.data}
      columns={[
        { header: 'Title', cell: (d) => d.title },
        { header: 'Kind', cell: (d) => TYPE_LABELS[d.contentType] },
        { header: 'Added', cellClassName: 'whitespace-nowrap', cell: (d) => formatDate(d.createdAt) },
        {
          header: 'Size',
          className: 'hidden sm:table-cell print:table-cell',
          cellClassName: 'whitespace-nowrap',
          cell: (d) => formatBytes(d.sizeBytes),
        },
      ]}
    />
  );
}
