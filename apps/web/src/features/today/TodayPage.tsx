import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Appointment, AppointmentStatus, Practitioner } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { fetchAll, practitionerName, usePractitioners } from '../../lib/queries';
import { useCan, useUser } from '../../auth/session';
import { addDays, dateIn, dayRange, formatDate, formatTime, localToday } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { StatusButtons } from '../schedule/AppointmentPanel';
import { CancelAppointment, UndoNotice, useCancelUndo } from '../schedule/CancelAppointment';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Card, PageHeader } from '../../ui/layout';
import { STATUS_LABELS, StatusBadge } from '../../ui/StatusBadge';
import { AppointmentsChart } from './AppointmentsChart';
import { keys } from '../../api/query-keys';

const STATUSES: AppointmentStatus[] = ['booked', 'arrived', 'fulfilled', 'noshow', 'cancelled'];

export function TodayPage() {
  useTitle('Today');
  const practitioners = usePractitioners();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const mine = practitioners.data?.find((p) => p.id === user.practitionerId);
  const everyone = !mine || params.get('all') === '1';
  const shown = everyone ? practitioners.data : mine ? [mine] : [];
  return (
    <>
      <PageHeader
        title={mine && !everyone ? 'My day' : 'Today'}
        subtitle={
          mine && !everyone
            ? `${practitionerName(mine)} · ${formatDate(localToday())}`
            : formatDate(localToday())
        }
        actions={
          mine && (
            <Button onClick={() => setParams(everyone ? {} : { all: '1' }, { replace: true })}>
              {everyone ? 'Show my day' : 'Show everyone’s day'}
            </Button>
          )
        }
      />
      {practitioners.isPending ? (
        <Loading />
      ) : practitioners.isError ? (
        <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />
      ) : practitioners.data.length === 0 ? (
        <Empty>No practitioners yet, so no appointments.</Empty>
      ) : (
        <Dashboard practitioners={shown ?? practitioners.data} />
      )}
    </>
  );
}

function Dashboard({ practitioners }: { practitioners: Practitioner[] }) {
  const api = useApi();
  const undo = useCancelUndo();
  const [message, setMessage] = useState<string | null>(null);
  // Each practitioner's "today" is the day on their own wall clock.
  const today = useQuery({
    queryKey: keys.appointments.today(practitioners.map((p) => `${p.id}:${dateIn(new Date(), p.timeZone)}`)),
    queryFn: async () => {
      const lists = await Promise.all(
        practitioners.map((p) =>
          fetchAll((cursor) =>
            api.listAppointments({
              practitionerId: p.id,
              ...dayRange(dateIn(new Date(), p.timeZone), p.timeZone),
              limit: 100,
              ...(cursor ? { cursor } : {}),
            }),
          ),
        ),
      );
      return new Map(practitioners.map((p, i) => [p.id, lists[i] ?? []]));
    },
  });
  const start = localToday();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const coming = useQuery({
    queryKey: keys.appointments.coming(start),
    queryFn: () =>
      fetchAll(
        (cursor) =>
          api.listAppointments({ ...dayRange(start, zone, 14), limit: 100, ...(cursor ? { cursor } : {}) }),
        30,
      ),
  });

  if (today.isPending) return <Loading label="Loading today's appointments…" />;
  if (today.isError) return <ErrorState error={today.error} onRetry={() => void today.refetch()} />;
  const all = [...today.data.values()].flat();
  const counts = Object.fromEntries(
    STATUSES.map((s) => [s, all.filter((a) => a.status === s).length]),
  ) as Record<AppointmentStatus, number>;

  return (
    <div className="space-y-6">
      {message && <Notice tone="success">{message}</Notice>}
      <UndoNotice undo={undo} className="" />
      <section aria-label="Today's counts">
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <li className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <p className="text-2xl font-semibold">{all.length}</p>
            <p className="text-sm text-slate-700">Appointments</p>
          </li>
          {STATUSES.map((s) => (
            <li key={s} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
              <p className="text-2xl font-semibold">{counts[s]}</p>
              <p className="text-sm text-slate-700">{STATUS_LABELS[s]}</p>
            </li>
          ))}
        </ul>
      </section>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        {practitioners.map((p) => (
          <PractitionerDay
            key={p.id}
            practitioner={p}
            appointments={today.data.get(p.id) ?? []}
            onMessage={(text) => {
              undo.clear();
              setMessage(text);
            }}
            onCancelled={(items) => {
              setMessage(null);
              undo.cancelled(
                items,
                `Cancelled the appointment of ${items[0]?.patientName ?? 'the patient'}.`,
              );
            }}
          />
        ))}
      </div>
      <Card title="Appointments per day, next two weeks">
        {coming.isPending ? (
          <Loading />
        ) : coming.isError ? (
          <ErrorState error={coming.error} onRetry={() => void coming.refetch()} />
        ) : (
          <AppointmentsChart
            days={Array.from({ length: 14 }, (_, i) => {
              const day = addDays(start, i);
              return {
                date: day,
                count: coming.data.filter((a) => a.status !== 'cancelled' && dateIn(a.start, zone) === day)
                  .length,
              };
            })}
          />
        )}
      </Card>
    </div>
  );
}

function PractitionerDay({
  practitioner,
  appointments,
  onMessage,
  onCancelled,
}: {
  practitioner: Practitioner;
  appointments: Appointment[];
  onMessage: (message: string) => void;
  onCancelled: (items: Appointment[]) => void;
}) {
  const canCancel = useCan('appointment.cancel');
  const zone = practitioner.timeZone;
  const waiting = appointments.filter((a) => a.status === 'arrived').length;
  const scheduleLink = `/schedule?practitioner=${practitioner.id}&date=${dateIn(new Date(), zone)}`;
  return (
    <Card
      title={practitionerName(practitioner)}
      actions={
        <Link to={scheduleLink} className="text-sm text-blue-800 underline">
          Open schedule
        </Link>
      }
    >
      <p className="mb-2 text-sm text-slate-700">
        {practitioner.specialty ?? 'Practitioner'} · {appointments.length} today
        {waiting ? ` · ${waiting} waiting` : ''} · times in {zone.replace(/_/g, ' ')}
      </p>
      {appointments.length === 0 ? (
        <Empty>No appointments today.</Empty>
      ) : (
        <ul className="divide-y divide-slate-200">
          {appointments.map((a) => (
            <li key={a.id} className="space-y-2 py-2 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{formatTime(a.start, zone)}</span>{' '}
                  <Link to={`/patients/${a.patientId}`} className="text-blue-800 underline">
                    {a.patientName}
                  </Link>
                </span>
                <StatusBadge status={a.status} />
              </div>
              {(a.status === 'booked' || a.status === 'arrived') && (
                <div className="flex flex-wrap items-start gap-2">
                  <StatusButtons
                    appointment={a}
                    timeZone={zone}
                    onMessage={(text) => onMessage(`${a.patientName}: ${text.toLowerCase()}`)}
                  />
                  {canCancel && a.status === 'booked' && (
                    <CancelAppointment appointment={a} timeZone={zone} onCancelled={onCancelled} />
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
