import { useEffect, useRef, useState } from 'react';
import type { Observation } from '@medicare/contracts';
import { Button } from '../../ui/Button';
import { ErrorState, Notice } from '../../ui/feedback';
import { Field, Select } from '../../ui/form';
import { useCursorPager } from '../../ui/Pager';
import { PagedList, Table } from '../../ui/Table';
import { displayOf, formatValue } from './catalogue';
import { useObservationMutations, useObservationPage } from './queries';
import { CodeOptions } from './CodeOptions';
import { formatDateTime } from '../../lib/time';

/** The patient's observations, newest first, ten to a page; writers may delete one entered in error. */
export function ObservationTable({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const [code, setCode] = useState('');
  const pager = useCursorPager(code);
  const list = useObservationPage(patientId, code, pager.cursor);
  const { remove } = useObservationMutations(patientId);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);

  function confirmDelete(observation: Observation) {
    remove.mutate(observation.id, {
      onSuccess: () => {
        setConfirming(null);
        setDeleted(
          `Deleted ${displayOf(observation.code).toLowerCase()} ${formatValue(observation)} of ${formatDateTime(observation.effectiveAt)}.`,
        );
      },
    });
  }

  return (
    <div>
      <div className="mb-3 max-w-xs">
        <Field label="Show">
          {(props) => (
            <Select {...props} value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">All observations</option>
              <CodeOptions />
            </Select>
          )}
        </Field>
      </div>
      {deleted && (
        <div className="mb-3">
          <Notice tone="success">{deleted}</Notice>
        </div>
      )}
      {remove.isError && (
        <div className="mb-3">
          <ErrorState error={remove.error} title="The observation was not deleted" />
        </div>
      )}
      <PagedList
        query={list}
        pager={pager}
        label="Observations"
        empty={code ? `No ${displayOf(code).toLowerCase()} recorded.` : 'No observations recorded yet.'}
      >
        {(items) => (
          <Table
            label="Observations, newest first"
            rows={items}
            columns={[
              {
                header: 'When',
                className: 'hidden sm:table-cell',
                cellClassName: 'whitespace-nowrap',
                cell: (o) => formatDateTime(o.effectiveAt),
              },
              {
                header: 'Observation',
                cell: (o) => (
                  <>
                    {/* On a phone the date sits above the name: three columns fit 390 px. */}
                    <span className="block text-xs text-slate-700 sm:hidden">
                      {formatDateTime(o.effectiveAt)}
                    </span>
                    {o.display || displayOf(o.code)}
                  </>
                ),
              },
              { header: 'Value', cellClassName: 'font-medium sm:whitespace-nowrap', cell: formatValue },
              canWrite && {
                header: 'Actions',
                visuallyHidden: true,
                cellClassName: 'py-1 text-right whitespace-nowrap',
                cell: (o) =>
                  confirming === o.id ? (
                    <ConfirmDelete
                      label={`${displayOf(o.code).toLowerCase()} ${formatValue(o)}`}
                      busy={remove.isPending}
                      onConfirm={() => confirmDelete(o)}
                      onCancel={() => setConfirming(null)}
                    />
                  ) : (
                    <Button variant="ghost" onClick={() => setConfirming(o.id)}>
                      Delete
                      <span className="sr-only">
                        {' '}
                        {displayOf(o.code).toLowerCase()} of {formatDateTime(o.effectiveAt)}
                      </span>
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </PagedList>
    </div>
  );
}

function ConfirmDelete({
  label,
  busy,
  onConfirm,
  onCancel,
}: {
  label: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        ref={confirm}
        type="button"
        disabled={busy}
        onClick={onConfirm}
        className="min-h-10 rounded-md bg-red-700 px-3 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
      >
        {busy ? 'Deleting…' : 'Delete, entered in error'}
        <span className="sr-only"> ({label})</span>
      </button>
      <Button onClick={onCancel}>Keep</Button>
    </span>
  );
}
