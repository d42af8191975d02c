import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from './feedback';
import { Pager, type useCursorPager } from './Pager';

export type Column<T> = {
  /** The header's text; `visuallyHidden` keeps it for screen readers only (an actions column). */
  header: string;
  visuallyHidden?: boolean;
  cell: (row: T) => ReactNode;
  /** Classes for the header and the cells alike (e.g. `hidden sm:table-cell`). */
  className?: string;
  /** Classes for the cells only. */
  cellClassName?: string;
};

/**
 * A data table in a scrollable region a keyboard can reach, named by `label` (also its caption).
 * `compact`: no frame and no header shading, for a table inside a card.
 */
export function Table<T extends { id: string }>({
  label,
  columns,
  rows,
  compact = false,
}: {
  label: string;
  columns: (Column<T> | false)[];
  rows: T[];
  compact?: boolean;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const pad = compact ? 'py-2 pr-4 last:pr-0' : 'px-3 py-2';
  return (
    <div
      className={`relative overflow-x-auto ${compact ? '' : 'rounded-md border border-slate-200 bg-white'}`}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{label}</caption>
        <thead className={`border-b border-slate-300 text-slate-700 ${compact ? '' : 'bg-slate-50'}`}>
          <tr>
            {shown.map((column) => (
              <th key={column.header} scope="col" className={`${pad} font-medium ${column.className ?? ''}`}>
                {column.visuallyHidden ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id}>
              {shown.map((column) => (
                <td
                  key={column.header}
                  className={`${pad} ${column.className ?? ''} ${column.cellClassName ?? ''}`}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type PageResult<T> = { items: T[]; nextCursor: string | null };

/**
 * One page of a cursor-paged list with its states: loading, an error with a retry, `empty` when
 * there is nothing, else `children` with the items; and the pager below, named `label`.
 */
export function PagedList<T>({
  query,
  pager,
  label,
  empty,
  children,
}: {
  query: UseQueryResult<PageResult<T>>;
  pager: ReturnType<typeof useCursorPager>;
  label: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Empty>{empty}</Empty>
      ) : (
        children(query.data.items)
      )}
      <Pager
        label={label}
        page={pager.page}
        nextCursor={query.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </>
  );
}
