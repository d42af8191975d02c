import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { ROLE_LABELS } from '../../auth/permissions';
import { useUser } from '../../auth/session';
import { formatDateTime } from '../../lib/time';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Pager, useCursorPager } from '../../ui/Pager';
import type { Role } from '@medicare/contracts';

const ACTIONS: Record<string, string> = {
  read: 'Viewed',
  search: 'Found in a search',
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  denied: 'Was refused access',
};

/** Who saw or changed a patient's record (the patient themself and admins may see this). */
export function AccessLog({ patientId }: { patientId: string }) {
  const api = useApi();
  const me = useUser();
  const pager = useCursorPager(patientId);
  const log = useQuery({
    queryKey: ['accessLog', patientId, pager.cursor],
    queryFn: () =>
      api.patientAccessLog(patientId, { limit: 10, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  if (log.data.items.length === 0) return <Empty>No one has opened this record yet.</Empty>;
  return (
    <>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Access log entries">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Access log</caption>
          <thead className="border-b border-slate-300 text-slate-700">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">
                When
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                Who
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                What
              </th>
              <th scope="col" className="py-2 font-medium">
                Outcome
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {log.data.items.map((event) => (
              <tr key={event.id}>
                <td className="py-2 pr-4 whitespace-nowrap">{formatDateTime(event.at)}</td>
                <td className="py-2 pr-4">
                  {event.actorId === me.id
                    ? 'You'
                    : event.actorRole
                      ? (ROLE_LABELS[event.actorRole as Role] ?? event.actorRole)
                      : 'Unknown'}
                </td>
                <td className="py-2 pr-4">
                  {ACTIONS[event.action] ?? event.action}
                  {event.resourceType !== 'patient' ? ` (${event.resourceType.replace('_', ' ')})` : ''}
                </td>
                <td className="py-2">
                  {event.outcome === 'success'
                    ? 'Allowed'
                    : event.outcome === 'denied'
                      ? 'Refused'
                      : 'Failed'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        label="Access log"
        page={pager.page}
        nextCursor={log.data.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </>
  );
}
