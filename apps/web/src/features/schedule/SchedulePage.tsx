import { useNow } from '../../lib/hooks';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Appointment, Practitioner } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { useCan } from '../../auth/session';
import { fetchAll, patientName, practitionerName, usePatient, usePractitioners } from '../../lib/queries';
import {
  addDays,
  dateIn,
  dayRange,
  formatClock,
  formatDate,
  formatTime,
  startOfWeek,
  zoneName,
} from '../../lib/time';
import { Button } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Field, Select, TextField } from '../../ui/form';
import { PageHeader } from '../../ui/layout';
import { StatusBadge } from '../../ui/StatusBadge';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingPanel } from './BookingPanel';
import { daySlots } from './slots';
import { keys } from '../../api/query-keys';

type View = 'day' | 'week';

export function SchedulePage() {
  useTitle('Schedule');
  const practitioners = usePractitioners();
  if (practitioners.isPending) return <Loading />;
  if (practitioners.isError)
    return <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />;
  if (practitioners.data.length === 0)
    return (
      <>
        <PageHeader title="Schedule" />
        <Empty>No practitioners yet. An admin adds them through the API (POST /api/practitioners).</Empty>
      </>
    );
  return <Schedule practitioners={practitioners.data} />;
}

function Schedule({ practitioners }: { practitioners: Practitioner[] }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const practitioner = practitioners.find((p) => p.id === params.get('practitioner')) ?? practitioners[0]!;
  const zone = practitioner.timeZone;
  const today = dateIn(new Date(), zone);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : today;
  const view: View = params.get('view') === 'week' ? 'week' : 'day';
  const patientId = params.get('patient') ?? undefined;
  const preselected = usePatient(patientId);
  const canBook = useCan('appointment.book');
  const [selected, setSelected] = useState<
    { kind: 'slot'; start: Date } | { kind: 'appointment'; id: string } | null
  >(null);
  const [message, setMessage] = useState<string | null>(null);

  const first = view === 'week' ? startOfWeek(date) : date;
  const days = view === 'week' ? 7 : 1;
  const range = dayRange(first, zone, days);
  const appointments = useQuery({
    queryKey: keys.appointments.schedule(practitioner.id, range.from, range.to),
    queryFn: () =>
      fetchAll((cursor) =>
        api.listAppointments({
          practitionerId: practitioner.id,
          ...range,
          limit: 100,
          ...(cursor ? { cursor } : {}),
        }),
      ),
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes))
      if (value === null) next.delete(key);
      else next.set(key, value);
    setParams(next, { replace: true });
    setSelected(null);
    setMessage(null);
  };
  const step = view === 'week' ? 7 : 1;
  const selectedAppointment =
    selected?.kind === 'appointment' ? appointments.data?.find((a) => a.id === selected.id) : undefined;
  const done = (text: string) => {
    setMessage(text);
    setSelected(null);
  };

  return (
    <>
      <PageHeader
        title="Schedule"
        subtitle={`Times are ${practitionerName(practitioner)}'s: ${zone.replace(/_/g, ' ')} (${zoneName(zone)}).`}
      />
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[16rem_10rem_auto_1fr] lg:items-end">
        <Field label="Practitioner">
          {(props) => (
            <Select
              {...props}
              value={practitioner.id}
              onChange={(e) => update({ practitioner: e.target.value })}
            >
              {practitioners.map((p) => (
                <option key={p.id} value={p.id}>
                  {practitionerName(p)}
                  {p.specialty ? ` · ${p.specialty}` : ''}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TextField
          label="Date"
          type="date"
          value={date}
          onValue={(value) => value && update({ date: value })}
        />
        <div role="group" aria-label="View" className="flex gap-1">
          {(['day', 'week'] as const).map((v) => (
            <Button
              key={v}
              variant={view === v ? 'primary' : 'secondary'}
              aria-pressed={view === v}
              onClick={() => update({ view: v })}
            >
              {v === 'day' ? 'Day' : 'Week'}
            </Button>
          ))}
        </div>
        <div className="flex flex-wrap gap-1 lg:justify-end">
          <Button onClick={() => update({ date: addDays(date, -step) })}>Previous {view}</Button>
          <Button onClick={() => update({ date: today })}>Today</Button>
          <Button onClick={() => update({ date: addDays(date, step) })}>Next {view}</Button>
        </div>
      </div>
      {patientId && preselected.data && (
        <div className="mb-4">
          <Notice title={`Booking for ${patientName(preselected.data.data)}`}>
            Pick a free time below.{' '}
            <Button variant="ghost" onClick={() => update({ patient: null })}>
              Book for someone else
            </Button>
          </Notice>
        </div>
      )}
      {message && (
        <div className="mb-4">
          <Notice tone="success">{message}</Notice>
        </div>
      )}
      <div className={`grid grid-cols-1 gap-6 ${selected ? 'lg:grid-cols-[1fr_24rem]' : ''}`}>
        <div className="order-2 lg:order-1">
          <h2 className="mb-2 text-lg font-semibold">
            {view === 'day' ? formatDate(date) : `Week of ${formatDate(first)}`}
          </h2>
          {appointments.isPending ? (
            <Loading label="Loading the schedule…" />
          ) : appointments.isError ? (
            <ErrorState error={appointments.error} onRetry={() => void appointments.refetch()} />
          ) : view === 'day' ? (
            <DayView
              date={date}
              practitioner={practitioner}
              appointments={appointments.data}
              canBook={canBook}
              onBook={(start) => {
                setMessage(null);
                setSelected({ kind: 'slot', start });
              }}
              onOpen={(id) => {
                setMessage(null);
                setSelected({ kind: 'appointment', id });
              }}
            />
          ) : (
            <WeekView
              first={first}
              practitioner={practitioner}
              appointments={appointments.data}
              onDay={(day) => update({ date: day, view: 'day' })}
              onOpen={(id) => setSelected({ kind: 'appointment', id })}
            />
          )}
        </div>
        <div className="order-1 lg:order-2">
          {selected?.kind === 'slot' && (
            <BookingPanel
              key={selected.start.toISOString()}
              practitioner={practitioner}
              start={selected.start}
              patientId={patientId}
              onDone={done}
              onClose={() => setSelected(null)}
            />
          )}
          {selectedAppointment && (
            <AppointmentPanel
              key={selectedAppointment.id}
              appointment={selectedAppointment}
              practitioner={practitioner}
              onMessage={setMessage}
              onClose={() => setSelected(null)}
            />
          )}
        </div>
      </div>
    </>
  );
}

function AppointmentChip({
  appointment,
  zone,
  onOpen,
  compact = false,
}: {
  appointment: Appointment;
  zone: string;
  onOpen: (id: string) => void;
  compact?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={() => onOpen(appointment.id)}
      className="flex w-full flex-wrap items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-left text-sm hover:border-blue-700"
    >
      <span>
        <span className="font-medium">
          {formatTime(appointment.start, zone)}
          {!compact && `–${formatTime(appointment.end, zone)}`}
        </span>{' '}
        {appointment.patientName}
      </span>
      <StatusBadge status={appointment.status} />
    </button>
  );
}

function DayView({
  date,
  practitioner,
  appointments,
  canBook,
  onBook,
  onOpen,
}: {
  date: string;
  practitioner: Practitioner;
  appointments: Appointment[];
  canBook: boolean;
  onBook: (start: Date) => void;
  onOpen: (id: string) => void;
}) {
  const now = useNow();
  const slots = daySlots(date, practitioner.timeZone, appointments);
  return (
    <ol
      aria-label={`Schedule for ${formatDate(date)}`}
      className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
    >
      {slots.map((slot) => (
        <li key={slot.time} className="grid grid-cols-[4.5rem_1fr] items-start gap-3 px-3 py-2">
          <span className="pt-2 text-sm font-medium text-slate-700">{formatClock(slot.time)}</span>
          <div className="space-y-1">
            {slot.appointments.map((a) => (
              <AppointmentChip key={a.id} appointment={a} zone={practitioner.timeZone} onOpen={onOpen} />
            ))}
            {slot.free && slot.start.getTime() > now && canBook ? (
              <Button
                variant="ghost"
                className="w-full justify-start border border-dashed border-slate-300"
                onClick={() => onBook(slot.start)}
              >
                Book {formatClock(slot.time)}
              </Button>
            ) : slot.free && slot.appointments.length === 0 ? (
              <span className="block py-2 text-sm text-slate-600">
                {slot.start.getTime() > now ? 'Free' : '—'}
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

function WeekView({
  first,
  practitioner,
  appointments,
  onDay,
  onOpen,
}: {
  first: string;
  practitioner: Practitioner;
  appointments: Appointment[];
  onDay: (date: string) => void;
  onOpen: (id: string) => void;
}) {
  const zone = practitioner.timeZone;
  const days = Array.from({ length: 7 }, (_, i) => addDays(first, i));
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7">
      {days.map((day) => {
        const items = appointments.filter((a) => dateIn(a.start, zone) === day);
        return (
          <section
            key={day}
            aria-label={formatDate(day)}
            className="rounded-md border border-slate-200 bg-white p-2"
          >
            <h3 className="mb-2">
              <Button
                variant="ghost"
                className="w-full justify-start px-1 text-left"
                onClick={() => onDay(day)}
              >
                {formatDate(day, 'short')}
              </Button>
            </h3>
            {items.length === 0 ? (
              <p className="px-1 text-sm text-slate-600">No appointments</p>
            ) : (
              <ul className="space-y-1">
                {items.map((a) => (
                  <li key={a.id}>
                    <AppointmentChip appointment={a} zone={zone} onOpen={onOpen} compact />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
