import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AUDIT_ACTIONS, type AuditEvent, type AuditQuery, type Role } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { ROLE_LABELS } from '../../auth/permissions';
import { Link } from 'react-router';
import { fetchAll } from '../../lib/queries';
import { formatDateTime, zonedToInstant } from '../../lib/time';
import { Field, Select, TextInput } from '../../ui/form';
import { PageHeader } from '../../ui/layout';
import { useCursorPager } from '../../ui/Pager';
import { PagedList, Table } from '../../ui/Table';
import { keys } from '../../api/query-keys';

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
    queryKey: keys.users.everyone,
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
    queryKey: keys.audit(filters, pager.cursor),
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
              {AUDIT_ACTIONS.map((a) => (
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
      <PagedList query={events} pager={pager} label="Audit log" empty="No events match these filters.">
        {(items) => (
          <Table
            label="Audit events"
            rows={items}
            columns={[
              { header: 'When', cell: (e) => formatDateTime(e.at), cellClassName: 'whitespace-nowrap' },
              {
                header: 'Who',
                cell: (e) => (
                  <>
                    {e.actorId ? (names.get(e.actorId) ?? 'Unknown user') : 'Not signed in'}
                    {e.actorRole && (
                      <span className="text-slate-600">
                        {' '}
                        · {ROLE_LABELS[e.actorRole as Role] ?? e.actorRole}
                      </span>
                    )}
                  </>
                ),
              },
              { header: 'Action', cell: (e) => e.action.replace('_', ' ') },
              {
                header: 'Record',
                cell: (e) =>
                  `${e.resourceType.replace('_', ' ')}${e.resultIds ? ` (${e.resultIds.length} results)` : ''}`,
              },
              {
                header: 'Patient',
                cell: (e) =>
                  e.patientId ? (
                    <Link
                      className="text-blue-800 underline"
                      to={`/patients/${e.patientId}`}
                      aria-label={`Patient ${e.patientId}`}
                    >
                      {e.patientId.slice(0, 8)}
                    </Link>
                  ) : (
                    '—'
                  ),
              },
              {
                header: 'Outcome',
                cell: (e) => (
                  <span className={e.outcome === 'success' ? 'text-green-800' : 'font-medium text-red-800'}>
                    {e.outcome}
                  </span>
                ),
              },
            ]}
          />
        )}
      </PagedList>
    </>
  );
}
