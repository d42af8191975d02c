import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Appointment, AppointmentStatus, Practitioner } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { fetchAll, practitionerName, usePractitioners } from '../../lib/queries';
import { addDays, dateIn, dayRange, formatDate, formatTime, localToday } from '../../lib/time';
import { Empty, ErrorState, Loading } from '../../ui/feedback';
import { Card, PageHeader } from '../../ui/layout';
import { STATUS_LABELS, StatusBadge } from '../../ui/StatusBadge';
import { AppointmentsChart } from './AppointmentsChart';
import { keys } from '../../api/query-keys';

const STATUSES: AppointmentStatus[] = ['booked', 'arrived', 'fulfilled', 'noshow', 'cancelled'];

export function TodayPage() {
  useTitle('Today');
  const practitioners = usePractitioners();
  return (
    <>
      <PageHeader title="Today" subtitle={formatDate(localToday())} />
      {practitioners.isPending ? (
        <Loading />
      ) : practitioners.isError ? (
        <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />
      ) : practitioners.data.length === 0 ? (
        <Empty>No practitioners yet, so no appointments.</Empty>
      ) : (
        <Dashboard practitioners={practitioners.data} />
      )}
    </>
  );
}

function Dashboard({ practitioners }: { practitioners: Practitioner[] }) {
  const api = useApi();
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
          <PractitionerDay key={p.id} practitioner={p} appointments={today.data.get(p.id) ?? []} />
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
}: {
  practitioner: Practitioner;
  appointments: Appointment[];
}) {
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
            <li key={a.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <span>
                <span className="font-medium">{formatTime(a.start, zone)}</span> {a.patientName}
              </span>
              <StatusBadge status={a.status} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
