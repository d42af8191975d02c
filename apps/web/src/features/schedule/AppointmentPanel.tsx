import { useEffect, useRef, useState } from 'react';
import type { Appointment, AppointmentStatus, Practitioner, SeriesScope } from '@medicare/contracts';
import { isApiError } from '../../api/errors';
import { useCan } from '../../auth/session';
import { useNow } from '../../lib/hooks';
import { formatMinutes, practitionerName, useAppointmentTypes } from '../../lib/queries';
import { dateIn, formatDate, formatDateTime, formatSpan, timeIn, zonedToInstant } from '../../lib/time';
import { Button, ButtonLink } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, TextInput } from '../../ui/form';
import { StatusBadge } from '../../ui/StatusBadge';
import { ReminderStatus } from '../reminders/ReminderStatus';
import { CancelAppointment, ScopeChoice } from './CancelAppointment';
import { ConflictNotice } from './ConflictNotice';
import { useAppointmentMutations } from './mutations';

/** The status buttons of an appointment that is still to come or under way. */
const NEXT_STATUSES: Record<AppointmentStatus, { status: AppointmentStatus; label: string }[]> = {
  booked: [
    { status: 'arrived', label: 'Mark arrived' },
    { status: 'noshow', label: 'Mark no-show' },
  ],
  arrived: [{ status: 'fulfilled', label: 'Mark seen' }],
  fulfilled: [],
  cancelled: [],
  noshow: [],
};

/** Arrival (and a no-show) only on the appointment's own day, in the practitioner's zone. */
export function onItsDay(appointment: Appointment, timeZone: string, now = Date.now()) {
  return dateIn(new Date(now), timeZone) === dateIn(appointment.start, timeZone);
}

/** Mark arrived / no-show / seen, each only when it makes sense; the API's refusal shown in words. */
export function StatusButtons({
  appointment,
  timeZone,
  onMessage,
}: {
  appointment: Appointment;
  timeZone: string;
  onMessage: (message: string) => void;
}) {
  const canSetStatus = useCan('appointment.setStatus');
  const { change } = useAppointmentMutations();
  const now = useNow();
  if (!canSetStatus) return null;
  const today = onItsDay(appointment, timeZone, now);
  const started = Date.parse(appointment.start) <= now;
  const buttons = NEXT_STATUSES[appointment.status];
  if (buttons.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {buttons.map(({ status, label }) => {
        const allowed = status === 'arrived' ? today : status === 'noshow' ? started : true;
        return (
          <Button
            key={status}
            variant="primary"
            disabled={change.isPending || !allowed}
            onClick={() =>
              void change
                .mutateAsync({ appointment, changes: { status } })
                .then(() => onMessage(`${label.replace('Mark ', 'Marked ')}.`))
                .catch(() => undefined)
            }
          >
            {label}
          </Button>
        );
      })}
      {appointment.status === 'booked' && !today && (
        <p className="text-sm text-slate-700">
          {started
            ? 'A past appointment'
            : `Can be marked arrived on ${formatDate(dateIn(appointment.start, timeZone))}`}
          .
        </p>
      )}
      {change.isError && (
        <div className="w-full">
          {isApiError(change.error, 'PRECONDITION_FAILED') ? (
            <Notice tone="warning" title="This appointment was changed by someone else">
              The schedule has been reloaded. Check the appointment and try again.
            </Notice>
          ) : (
            <ConflictNotice error={change.error} timeZone={timeZone} />
          )}
        </div>
      )}
    </div>
  );
}

/** One appointment: its details, status changes, reschedule and cancel, as the role allows. */
export function AppointmentPanel({
  appointment,
  practitioner,
  onClose,
  onMessage,
  onCancelled,
}: {
  appointment: Appointment;
  practitioner: Practitioner;
  onClose: () => void;
  onMessage: (message: string) => void;
  onCancelled: (cancelled: Appointment[]) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const canCancel = useCan('appointment.cancel');
  const canReschedule = useCan('appointment.reschedule');
  const types = useAppointmentTypes();
  const [rescheduling, setRescheduling] = useState(false);
  const zone = practitioner.timeZone;
  const active = appointment.status === 'booked' || appointment.status === 'arrived';
  const type = types.data?.find((t) => t.id === appointment.appointmentTypeId);

  useEffect(() => heading.current?.focus(), [appointment.id]);

  return (
    <section
      aria-labelledby="appointment-heading"
      className="rounded-lg border border-blue-300 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="appointment-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
          {formatSpan(appointment.start, appointment.end, zone)}
        </h2>
        <StatusBadge status={appointment.status} />
      </div>
      <p className="mt-1 text-sm text-slate-800">
        {appointment.patientName} with {practitionerName(practitioner)}
      </p>
      {type && (
        <p className="mt-1 text-sm text-slate-700">
          {type.name} ({formatMinutes(type.durationMinutes)})
        </p>
      )}
      {appointment.seriesId && <p className="mt-1 text-sm text-slate-700">One of a recurring series.</p>}
      {appointment.reason && <p className="mt-1 text-sm text-slate-700">Reason: {appointment.reason}</p>}
      <ReminderStatus appointmentId={appointment.id} timeZone={zone} />
      {appointment.overrideReason && (
        <p className="mt-1 text-sm text-slate-700">
          Booked outside working hours: {appointment.overrideReason}
        </p>
      )}
      {appointment.status === 'cancelled' && (
        <p className="mt-1 text-sm text-slate-700">
          Cancelled{appointment.cancelledAt ? ` on ${formatDateTime(appointment.cancelledAt, zone)}` : ''}
          {appointment.cancellationReason ? `: ${appointment.cancellationReason}` : '.'}
        </p>
      )}
      <p className="mt-2">
        <ButtonLink variant="ghost" className="px-0" to={`/patients/${appointment.patientId}`}>
          Open patient record
        </ButtonLink>
      </p>

      {active && (
        <div className="mt-4 space-y-2">
          <StatusButtons appointment={appointment} timeZone={zone} onMessage={onMessage} />
          <div className="flex flex-wrap gap-2">
            {canReschedule && appointment.status === 'booked' && (
              <Button onClick={() => setRescheduling((r) => !r)} aria-expanded={rescheduling}>
                Reschedule
              </Button>
            )}
            {canCancel && appointment.status === 'booked' && (
              <CancelAppointment appointment={appointment} timeZone={zone} onCancelled={onCancelled} />
            )}
          </div>
        </div>
      )}
      {rescheduling && (
        <Reschedule
          appointment={appointment}
          timeZone={zone}
          onMoved={(moved) => {
            setRescheduling(false);
            onMessage(
              moved.length === 1
                ? `Moved to ${formatDateTime(moved[0]!.start, zone)}.`
                : `Moved ${moved.length} appointments of the series; this one to ${formatDateTime(
                    moved.find((m) => m.id === appointment.id)?.start ?? moved[0]!.start,
                    zone,
                  )}.`,
            );
          }}
        />
      )}
      <div className="mt-4">
        <Button onClick={onClose}>Close</Button>
      </div>
    </section>
  );
}

/** A new day and time in the practitioner's zone; for a series, which occurrences move with it. */
function Reschedule({
  appointment,
  timeZone,
  onMoved,
}: {
  appointment: Appointment;
  timeZone: string;
  onMoved: (moved: Appointment[]) => void;
}) {
  const [date, setDate] = useState(dateIn(appointment.start, timeZone));
  const [time, setTime] = useState(timeIn(appointment.start, timeZone));
  const [scope, setScope] = useState<SeriesScope>('this');
  const { move } = useAppointmentMutations();
  return (
    <form
      className="mt-4 grid grid-cols-1 gap-3 rounded-md bg-slate-100 p-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        const start = zonedToInstant(date, time, timeZone);
        const length = Date.parse(appointment.end) - Date.parse(appointment.start);
        void move
          .mutateAsync({
            appointment,
            input: {
              start: start.toISOString(),
              end: new Date(start.getTime() + length).toISOString(),
              scope,
            },
          })
          .then(onMoved)
          .catch(() => undefined);
      }}
    >
      <Field label="New date">
        {(props) => (
          <TextInput {...props} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        )}
      </Field>
      <Field label="New time">
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
      <div className="sm:col-span-2">
        <ScopeChoice appointment={appointment} scope={scope} onChange={setScope} verb="Move" />
      </div>
      {move.isError && (
        <div className="sm:col-span-2">
          <ConflictNotice error={move.error} timeZone={timeZone} />
        </div>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={move.isPending || !date || !time}>
          Move appointment
        </Button>
      </div>
    </form>
  );
}
