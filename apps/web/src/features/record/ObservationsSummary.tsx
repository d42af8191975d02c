import { useQuery } from '@tanstack/react-query';
import type { Observation } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';
import { fetchAll } from '../../lib/queries';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Table } from '../../ui/Table';
import { displayOf, formatValue } from '../observations/catalogue';
import { TREND_CODES, TrendCharts } from '../observations/Trends';

const YEAR_MS = 366 * 86_400_000;
/** Pages of 100: a year of a busy record fits; more is said, not hidden. */
const MAX_PAGES = 5;

const formatDateTime = (at: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

/**
 * The last year of observations, read once: the trend charts (the observations feature's) drawn from
 * it, and every value in a table below them, newest first.
 */
export function ObservationsSummary({ patientId }: { patientId: string }) {
  const api = useApi();
  const list = useQuery({
    queryKey: keys.observations.lastYear(patientId),
    queryFn: () => {
      const from = new Date(Date.now() - YEAR_MS).toISOString();
      return fetchAll(
        (cursor) => api.listObservations(patientId, { from, limit: 100, ...(cursor ? { cursor } : {}) }),
        MAX_PAGES,
      );
    },
  });
  if (list.isPending) return <Loading label="Loading observations…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Empty>Nothing recorded in the last 12 months.</Empty>;

  const byCode: Partial<Record<(typeof TREND_CODES)[number], Observation[]>> = {};
  for (const code of TREND_CODES) byCode[code] = list.data.filter((o) => o.code === code).reverse();
  return (
    <div className="space-y-6">
      <TrendCharts byCode={byCode} />
      {list.data.length >= MAX_PAGES * 100 && (
        <p className="text-sm text-slate-800">The latest {list.data.length} observations are listed.</p>
      )}
      <Table<Observation>
        label="Observations, newest first"
        compact
        rows={list.data}
        columns={[
          { header: 'When', cellClassName: 'whitespace-nowrap', cell: (o) => formatDateTime(o.effectiveAt) },
          { header: 'Observation', cell: (o) => o.display || displayOf(o.code) },
          { header: 'Value', cellClassName: 'font-medium', cell: formatValue },
        ]}
      />
    </div>
  );
}
