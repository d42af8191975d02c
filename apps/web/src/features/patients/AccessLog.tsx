import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { ROLE_LABELS } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { formatDateTime } from '../../lib/time';
import { useCursorPager } from '../../ui/Pager';
import { PagedList, Table } from '../../ui/Table';
import type { AuditEvent, Role } from '@medicare/contracts';
import { keys } from '../../api/query-keys';

const ACTIONS: Record<string, string> = {
  read: 'Viewed',
  search: 'Found in a search',
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  denied: 'Was refused access',
};

const OUTCOMES: Record<string, string> = { success: 'Allowed', denied: 'Refused' };

/** Who saw or changed a patient's record (the patient themself and admins may see this). */
export function AccessLog({ patientId }: { patientId: string }) {
  const api = useApi();
  const me = useUser();
  const pager = useCursorPager(patientId);
  const log = useQuery({
    queryKey: keys.accessLog(patientId, pager.cursor),
    queryFn: () =>
      api.patientAccessLog(patientId, { limit: 10, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
  });
  const who = (event: AuditEvent) =>
    event.actorId === me.id
      ? 'You'
      : event.actorRole
        ? (ROLE_LABELS[event.actorRole as Role] ?? event.actorRole)
        : 'Unknown';
  return (
    <PagedList query={log} pager={pager} label="Access log" empty="No one has opened this record yet.">
      {(events) => (
        <Table
          label="Access log entries"
          compact
          rows={events}
          columns={[
            { header: 'When', cell: (e) => formatDateTime(e.at), cellClassName: 'whitespace-nowrap' },
            { header: 'Who', cell: who },
            {
              header: 'What',
              cell: (e) =>
                `${ACTIONS[e.action] ?? e.action}${e.resourceType !== 'patient' ? ` (${e.resourceType.replace('_', ' ')})` : ''}`,
            },
            { header: 'Outcome', cell: (e) => OUTCOMES[e.outcome] ?? 'Failed' },
          ]}
        />
      )}
    </PagedList>
  );
}
