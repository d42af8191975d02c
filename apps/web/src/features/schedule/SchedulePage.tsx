import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import type { Appointment, Practitioner } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useTitle } from '../../app/guards';
import { useCan } from '../../auth/session';
import {
  fetchAll,
  formatMinutes,
  offers,
  patientName,
  practitionerName,
  useAppointmentTypes,
  usePatient,
  usePractitioners,
} from '../../lib/queries';
import {
  addDays,
  dateIn,
  dayRange,
  formatDate,
  formatTime,
  formatWallTime,
  startOfWeek,
  zonedToInstant,
  zoneName,
} from '../../lib/time';
import { Button, ButtonLink } from '../../ui/Button';
import { Empty, ErrorState, Loading, Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { PageHeader } from '../../ui/layout';
import { StatusBadge } from '../../ui/StatusBadge';
import { AppointmentPanel } from './AppointmentPanel';
import { BookingPanel } from './BookingPanel';
import { useCancelUndo, UndoNotice } from './CancelAppointment';
import { FreeTimes, useDaySlots } from './FreeTimes';
import { NextAvailable } from './NextAvailable';
import { keys } from '../../api/query-keys';

type View = 'day' | 'week';
type Selected =
  | { kind: 'slot'; start: Date; practitionerId: string; override?: boolean }
  | { kind: 'appointment'; id: string }
  | { kind: 'outside' }
  | null;

export function SchedulePage() {
  useTitle('Schedule');
  const practitioners = usePractitioners();
  const canManage = useCan('practitioner.write');
  if (practitioners.isPending) return <Loading />;
  if (practitioners.isError)
    return <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />;
  if (practitioners.data.length === 0)
    return (
      <>
        <PageHeader title="Schedule" />
        <Empty>
          No practitioners yet.{' '}
          {canManage ? (
            <ButtonLink variant="ghost" to="/admin/practitioners">
              Add the first practitioner
            </ButtonLink>
          ) : (
            'An admin adds them, with their working hours, under Practitioners.'
          )}
        </Empty>
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
  const canOverride = useCan('appointment.override');
  const allTypes = useAppointmentTypes({ active: true });
  const offered = (allTypes.data ?? []).filter((t) => offers(t, practitioner.id));
  const type = offered.find((t) => t.id === params.get('type')) ?? offered[0];
  const [selected, setSelected] = useState<Selected>(null);
  const [message, setMessage] = useState<string | null>(null);
  const undo = useCancelUndo();
  const slots = useDaySlots(practitioner.id, type?.id, date, zone);

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
  const slotPractitioner =
    selected?.kind === 'slot'
      ? (practitioners.find((p) => p.id === selected.practitionerId) ?? practitioner)
      : null;
  const done = (text: string) => {
    setMessage(text);
    setSelected(null);
  };
  const choose = (next: Selected) => {
    setMessage(null);
    setSelected(next);
  };

  return (
    <>
      <PageHeader
        title="Schedule"
        subtitle={`Times are ${practitionerName(practitioner)}'s: ${zone.replace(/_/g, ' ')} (${zoneName(zone)}).`}
      />
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[14rem_14rem_10rem_auto_1fr] lg:items-end">
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
        <Field label="Appointment type">
          {(props) => (
            <Select
              {...props}
              value={type?.id ?? ''}
              disabled={offered.length === 0}
              onChange={(e) => update({ type: e.target.value })}
            >
              {offered.length === 0 && <option value="">None offered</option>}
              {offered.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} · {formatMinutes(t.durationMinutes)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Date">
          {(props) => (
            <TextInput
              {...props}
              type="date"
              value={date}
              onChange={(e) => e.target.value && update({ date: e.target.value })}
            />
          )}
        </Field>
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
      {allTypes.isSuccess && offered.length === 0 && (
        <div className="mb-4">
          <Notice tone="warning" title={`${practitionerName(practitioner)} offers no appointment types yet`}>
            Free times are found per appointment type (its length and the time kept free after it). An admin
            adds types under Appointment types.
          </Notice>
        </div>
      )}
      {message && (
        <div className="mb-4">
          <Notice tone="success">{message}</Notice>
        </div>
      )}
      <UndoNotice undo={undo} />
      <div className={`grid grid-cols-1 gap-6 ${selected ? 'lg:grid-cols-[1fr_26rem]' : ''}`}>
        <div className="order-2 space-y-4 lg:order-1">
          <h2 className="text-lg font-semibold">
            {view === 'day' ? formatDate(date) : `Week of ${formatDate(first)}`}
          </h2>
          {view === 'day' && type && (
            <FreeTimes
              date={date}
              timeZone={zone}
              type={type}
              slots={slots}
              canBook={canBook}
              onBook={(slot) =>
                choose({ kind: 'slot', start: new Date(slot.start), practitionerId: practitioner.id })
              }
            />
          )}
          {appointments.isPending ? (
            <Loading label="Loading the schedule…" />
          ) : appointments.isError ? (
            <ErrorState error={appointments.error} onRetry={() => void appointments.refetch()} />
          ) : view === 'day' ? (
            <DayList
              date={date}
              practitioner={practitioner}
              appointments={appointments.data}
              onOpen={(id) => choose({ kind: 'appointment', id })}
            />
          ) : (
            <WeekView
              first={first}
              practitioner={practitioner}
              appointments={appointments.data}
              onDay={(day) => update({ date: day, view: 'day' })}
              onOpen={(id) => choose({ kind: 'appointment', id })}
            />
          )}
          {canBook && type && (
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <NextAvailable
                type={type}
                practitioners={practitioners}
                onChoose={(slot) =>
                  choose({ kind: 'slot', start: new Date(slot.start), practitionerId: slot.practitionerId })
                }
              />
              {canOverride && (
                <section
                  aria-labelledby="outside-hours"
                  className="rounded-md border border-slate-200 bg-white p-3"
                >
                  <h3 id="outside-hours" className="mb-2 text-base font-semibold">
                    Book outside working hours
                  </h3>
                  <OutsideHoursForm
                    date={date}
                    timeZone={zone}
                    onChoose={(start) =>
                      choose({ kind: 'slot', start, practitionerId: practitioner.id, override: true })
                    }
                  />
                </section>
              )}
            </div>
          )}
        </div>
        <div className="order-1 lg:order-2">
          {selected?.kind === 'slot' && slotPractitioner && type && (
            <BookingPanel
              key={`${selected.practitionerId}${selected.start.toISOString()}`}
              practitioner={slotPractitioner}
              start={selected.start}
              type={type}
              override={selected.override ?? false}
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
              onCancelled={(items) => {
                setMessage(null);
                undo.cancelled(
                  items,
                  items.length === 1 ? 'Appointment cancelled.' : `${items.length} appointments cancelled.`,
                );
              }}
              onClose={() => setSelected(null)}
            />
          )}
        </div>
      </div>
    </>
  );
}

/** A date and wall-clock time of the staff's choosing (outside the free times), in the practitioner's zone. */
function OutsideHoursForm({
  date,
  timeZone,
  onChoose,
}: {
  date: string;
  timeZone: string;
  onChoose: (start: Date) => void;
}) {
  const [day, setDay] = useState(date);
  const [time, setTime] = useState('18:30');
  return (
    <form
      className="grid grid-cols-2 gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onChoose(zonedToInstant(day, time, timeZone));
      }}
    >
      <Field label="Day">
        {(props) => (
          <TextInput {...props} type="date" required value={day} onChange={(e) => setDay(e.target.value)} />
        )}
      </Field>
      <Field label="Time">
        {(props) => (
          <TextInput
            {...props}
            type="time"
            step={300}
            required
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
        )}
      </Field>
      <div className="col-span-2">
        <Button type="submit" disabled={!day || !time}>
          Choose this time
        </Button>
      </div>
    </form>
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
          {compact
            ? formatWallTime(appointment.start, zone)
            : `${formatWallTime(appointment.start, zone)}–${formatTime(appointment.end, zone)}`}
        </span>{' '}
        {appointment.patientName}
      </span>
      <StatusBadge status={appointment.status} />
    </button>
  );
}

function DayList({
  date,
  practitioner,
  appointments,
  onOpen,
}: {
  date: string;
  practitioner: Practitioner;
  appointments: Appointment[];
  onOpen: (id: string) => void;
}) {
  if (appointments.length === 0) return <Empty>No appointments on {formatDate(date)}.</Empty>;
  return (
    <ol aria-label={`Schedule for ${formatDate(date)}`} className="space-y-1">
      {appointments.map((a) => (
        <li key={a.id}>
          <AppointmentChip appointment={a} zone={practitioner.timeZone} onOpen={onOpen} />
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
