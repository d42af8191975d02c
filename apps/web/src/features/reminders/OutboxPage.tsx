import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';
import { useTitle } from '../../app/guards';
import { formatDateTime } from '../../lib/time';
import { PageHeader } from '../../ui/layout';
import { useCursorPager } from '../../ui/Pager';
import { PagedList, Table } from '../../ui/Table';

/** The embedded mode's outbox: reminders kept for the desk because no e-mail or SMS provider is set up. */
export function OutboxPage() {
  useTitle('Reminder outbox');
  const api = useApi();
  const pager = useCursorPager('outbox');
  const messages = useQuery({
    queryKey: keys.reminderOutbox(pager.cursor),
    queryFn: () => api.reminderOutbox({ limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="Reminder outbox"
        subtitle="Appointment reminders that were due while no e-mail or SMS service is configured, newest first. Pass them on by phone or from the clinic's mailbox."
      />
      <PagedList query={messages} pager={pager} label="Reminder outbox" empty="No reminders are waiting.">
        {(items) => (
          <Table
            label="Reminders kept for the desk"
            rows={items}
            columns={[
              {
                header: 'Kept',
                cell: (m) => formatDateTime(m.createdAt),
                cellClassName: 'whitespace-nowrap',
              },
              { header: 'Channel', cell: (m) => (m.channel === 'email' ? 'E-mail' : 'Text message') },
              { header: 'To', cell: (m) => m.recipient, cellClassName: 'whitespace-nowrap' },
              {
                header: 'Message',
                cell: (m) => (
                  <>
                    {m.subject && <span className="block font-medium">{m.subject}</span>}
                    <span className="whitespace-pre-line">{m.body}</span>
                  </>
                ),
              },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}
