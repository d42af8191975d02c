import { useState } from 'react';
import type { Practitioner } from '@medicare/contracts';
import { useTitle } from '../../app/guards';
import { practitionerName, usePractitioners } from '../../lib/queries';
import { zoneName } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Card, PageHeader } from '../../ui/layout';
import { Table } from '../../ui/Table';
import { HoursEditor } from './HoursEditor';
import { PractitionerForm } from './PractitionerForm';

type Panel = { kind: 'new' } | { kind: 'edit'; id: string } | { kind: 'hours'; id: string };

/** Admin: who holds appointments, in which time zone, and when they work. */
export function PractitionersPage() {
  useTitle('Practitioners');
  const practitioners = usePractitioners();
  const [panel, setPanel] = useState<Panel>({ kind: 'new' });
  const [message, setMessage] = useState<string | null>(null);
  const list = practitioners.data ?? [];
  const chosen = panel.kind === 'new' ? undefined : list.find((p) => p.id === panel.id);

  const open = (next: Panel) => {
    setMessage(null);
    setPanel(next);
  };

  return (
    <>
      <PageHeader
        title="Practitioners"
        subtitle="Who holds appointments, the time zone their hours are in, and their working hours."
        actions={
          panel.kind !== 'new' && <Button onClick={() => open({ kind: 'new' })}>Add a practitioner</Button>
        }
      />
      {message && (
        <div className="mb-4">
          <Notice tone="success">{message}</Notice>
        </div>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_28rem]">
        <div className="order-2 lg:order-1">
          {practitioners.isPending ? (
            <Loading />
          ) : practitioners.isError ? (
            <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />
          ) : list.length === 0 ? (
            <Empty>No practitioners yet. Add the first one with the form.</Empty>
          ) : (
            <Table<Practitioner>
              label="Practitioners"
              rows={list}
              columns={[
                { header: 'Name', cell: (p) => practitionerName(p), cellClassName: 'font-medium' },
                { header: 'Specialty', cell: (p) => p.specialty ?? '—', className: 'hidden sm:table-cell' },
                {
                  header: 'Time zone',
                  cell: (p) => `${p.timeZone.replace(/_/g, ' ')} (${zoneName(p.timeZone)})`,
                },
                {
                  header: 'Actions',
                  visuallyHidden: true,
                  cellClassName: 'text-right whitespace-nowrap',
                  cell: (p) => (
                    <span className="inline-flex flex-wrap justify-end gap-1">
                      <Button variant="ghost" onClick={() => open({ kind: 'edit', id: p.id })}>
                        Edit<span className="sr-only"> {practitionerName(p)}</span>
                      </Button>
                      <Button variant="ghost" onClick={() => open({ kind: 'hours', id: p.id })}>
                        Working hours<span className="sr-only"> of {practitionerName(p)}</span>
                      </Button>
                    </span>
                  ),
                },
              ]}
            />
          )}
        </div>
        <div className="order-1 lg:order-2">
          {panel.kind === 'new' && (
            <Card title="New practitioner">
              <PractitionerForm
                key="new"
                onSaved={(p) => {
                  setMessage(`${practitionerName(p)} was added. Set their working hours next.`);
                  setPanel({ kind: 'hours', id: p.id });
                }}
              />
            </Card>
          )}
          {panel.kind === 'edit' && chosen && (
            <Card title={`Edit ${practitionerName(chosen)}`}>
              <PractitionerForm
                key={chosen.id}
                practitioner={chosen}
                onSaved={(p) => setMessage(`${practitionerName(p)} was saved.`)}
                onCancel={() => open({ kind: 'new' })}
              />
            </Card>
          )}
          {panel.kind === 'hours' && chosen && (
            <HoursEditor
              key={chosen.id}
              practitioner={chosen}
              onSaved={() => setMessage(`Working hours of ${practitionerName(chosen)} were saved.`)}
              onClose={() => open({ kind: 'new' })}
            />
          )}
        </div>
      </div>
    </>
  );
}

export default PractitionersPage;
