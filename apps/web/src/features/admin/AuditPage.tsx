import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEvent, AuditQuery, Role } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { ROLE_LABELS } from '../../auth/permissions';
import { Link } from 'react-router';
import { fetchAll } from '../../lib/queries';
import { formatDateTime, zonedToInstant } from '../../lib/time';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { PageHeader } from '../../ui/layout';
import { Pager, useCursorPager } from '../../ui/Pager';

const ACTIONS: AuditEvent['action'][] = [
  'read',
  'search',
  'create',
  'update',
  'delete',
  'login',
  'login_failed',
  'logout',
  'denied',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditPage() {
  useTitle('Audit log');
  const api = useApi();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState<AuditEvent['action'] | ''>('');
  const [patientId, setPatientId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => fetchAll((cursor) => api.listUsers({ limit: 100, ...(cursor ? { cursor } : {}) }), 5),
  });
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const patientInvalid = patientId.trim() !== '' && !UUID.test(patientId.trim());
  const filters: AuditQuery = {
    ...(actorId ? { actorId } : {}),
    ...(action ? { action } : {}),
    ...(patientId.trim() && !patientInvalid ? { patientId: patientId.trim() } : {}),
    ...(from ? { from: zonedToInstant(from, '00:00', zone).toISOString() } : {}),
    ...(to ? { to: zonedToInstant(to, '00:00', zone).toISOString() } : {}),
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const events = useQuery({
    queryKey: ['audit', filters, pager.cursor],
    queryFn: () =>
      api.listAudit({ ...filters, limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) }),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every access to patient data, every sign-in and every change to users, newest first."
      />
      <form
        role="search"
        aria-label="Filter the audit log"
        className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label="Who">
          {(props) => (
            <Select {...props} value={actorId} onChange={(e) => setActorId(e.target.value)}>
              <option value="">Anyone</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({ROLE_LABELS[u.role]})
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Action">
          {(props) => (
            <Select {...props} value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
              <option value="">Any action</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a.replace('_', ' ')}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field
          label="Patient id"
          error={
            patientInvalid
              ? 'A patient id looks like 3f2b…-…; copy it from the patient page address.'
              : undefined
          }
        >
          {(props) => (
            <TextInput {...props} value={patientId} onChange={(e) => setPatientId(e.target.value)} />
          )}
        </Field>
        <Field label="From (day)">
          {(props) => (
            <TextInput {...props} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          )}
        </Field>
        <Field label="Before (day)">
          {(props) => <TextInput {...props} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </Field>
      </form>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <Empty>No events match these filters.</Empty>
      ) : (
        <div
          className="overflow-x-auto rounded-md border border-slate-200 bg-white"
          tabIndex={0}
          role="region"
          aria-label="Audit events"
        >
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit events</caption>
            <thead className="border-b border-slate-300 bg-slate-50 text-slate-700">
              <tr>
                {['When', 'Who', 'Action', 'Record', 'Patient', 'Outcome'].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(event.at)}</td>
                  <td className="px-3 py-2">
                    {event.actorId ? (names.get(event.actorId) ?? 'Unknown user') : 'Not signed in'}
                    {event.actorRole && (
                      <span className="text-slate-600">
                        {' '}
                        · {ROLE_LABELS[event.actorRole as Role] ?? event.actorRole}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2">{event.action.replace('_', ' ')}</td>
                  <td className="px-3 py-2">
                    {event.resourceType.replace('_', ' ')}
                    {event.resultIds ? ` (${event.resultIds.length} results)` : ''}
                  </td>
                  <td className="px-3 py-2">
                    {event.patientId ? (
                      <Link
                        className="text-blue-800 underline"
                        to={`/patients/${event.patientId}`}
                        aria-label={`Patient ${event.patientId}`}
                      >
                        {event.patientId.slice(0, 8)}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <span
                      className={event.outcome === 'success' ? 'text-green-800' : 'font-medium text-red-800'}
                    >
                      {event.outcome}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label="Audit log"
        page={pager.page}
        nextCursor={events.data?.nextCursor}
        onNext={pager.next}
        onPrevious={pager.previous}
      />
    </>
  );
}
