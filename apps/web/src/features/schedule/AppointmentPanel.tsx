import { useEffect, useRef, useState } from 'react';
import type { Appointment, AppointmentStatus, Practitioner } from '@medicare/contracts';
import { isApiError } from '../../api/errors';
import { useCan } from '../../auth/session';
import { practitionerName } from '../../lib/queries';
import { dateIn, formatDateTime, formatTime, timeIn, zonedToInstant } from '../../lib/time';
import { Button, ButtonLink } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { StatusBadge } from '../../ui/StatusBadge';
import { ReminderStatus } from '../reminders/ReminderStatus';
import { ConflictNotice } from './ConflictNotice';
import { useAppointmentMutations } from './mutations';

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

/** One appointment: its details, status changes, reschedule and cancel, as the role allows. */
export function AppointmentPanel({
  appointment,
  practitioner,
  onClose,
  onMessage,
}: {
  appointment: Appointment;
  practitioner: Practitioner;
  onClose: () => void;
  onMessage: (message: string) => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const canSetStatus = useCan('appointment.setStatus');
  const canCancel = useCan('appointment.cancel');
  const canReschedule = useCan('appointment.update');
  const [rescheduling, setRescheduling] = useState(false);
  const { change } = useAppointmentMutations();
  const zone = practitioner.timeZone;
  const active = appointment.status === 'booked' || appointment.status === 'arrived';

  useEffect(() => heading.current?.focus(), [appointment.id]);

  async function setStatus(status: AppointmentStatus, message: string) {
    await change.mutateAsync({ appointment, changes: { status } });
    onMessage(message);
  }

  return (
    <section
      aria-labelledby="appointment-heading"
      className="rounded-lg border border-blue-300 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id="appointment-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
          {formatDateTime(appointment.start, zone)} – {formatTime(appointment.end, zone)}
        </h2>
        <StatusBadge status={appointment.status} />
      </div>
      <p className="mt-1 text-sm text-slate-800">
        {appointment.patientName} with {practitionerName(practitioner)}
      </p>
      {appointment.reason && <p className="mt-1 text-sm text-slate-700">Reason: {appointment.reason}</p>}
      <ReminderStatus appointmentId={appointment.id} timeZone={zone} />
      <p className="mt-2">
        <ButtonLink variant="ghost" className="px-0" to={`/patients/${appointment.patientId}`}>
          Open patient record
        </ButtonLink>
      </p>

      {change.isError &&
        (isApiError(change.error, 'PRECONDITION_FAILED') ? (
          <Notice tone="warning" title="This appointment was changed by someone else">
            The schedule has been reloaded. Check the appointment and try again.
          </Notice>
        ) : (
          <ConflictNotice error={change.error} />
        ))}

      {active && (
        <div className="mt-4 flex flex-wrap gap-2">
          {canSetStatus &&
            NEXT_STATUSES[appointment.status].map(({ status, label }) => (
              <Button
                key={status}
                variant="primary"
                disabled={change.isPending}
                onClick={() =>
                  void setStatus(status, `${label.replace('Mark ', 'Marked ')}.`).catch(() => undefined)
                }
              >
                {label}
              </Button>
            ))}
          {canReschedule && appointment.status === 'booked' && (
            <Button onClick={() => setRescheduling((r) => !r)} aria-expanded={rescheduling}>
              Reschedule
            </Button>
          )}
          {canCancel && (
            <Button
              variant="danger"
              disabled={change.isPending}
              onClick={() => void setStatus('cancelled', 'Appointment cancelled.').catch(() => undefined)}
            >
              Cancel appointment
            </Button>
          )}
        </div>
      )}
      {rescheduling && (
        <Reschedule
          appointment={appointment}
          timeZone={zone}
          busy={change.isPending}
          onSave={async (start, end) => {
            await change.mutateAsync({ appointment, changes: { start, end } });
            setRescheduling(false);
            onMessage(`Moved to ${formatDateTime(start, zone)}.`);
          }}
        />
      )}
      <div className="mt-4">
        <Button onClick={onClose}>Close</Button>
      </div>
    </section>
  );
}

function Reschedule({
  appointment,
  timeZone,
  busy,
  onSave,
}: {
  appointment: Appointment;
  timeZone: string;
  busy: boolean;
  onSave: (start: string, end: string) => Promise<void>;
}) {
  const length = (Date.parse(appointment.end) - Date.parse(appointment.start)) / 60_000;
  const [date, setDate] = useState(dateIn(appointment.start, timeZone));
  const [time, setTime] = useState(timeIn(appointment.start, timeZone));
  const [minutes, setMinutes] = useState(length);
  const lengths = [...new Set([15, 30, 45, 60, 90, length])].sort((a, b) => a - b);
  return (
    <form
      className="mt-4 grid grid-cols-1 gap-3 rounded-md bg-slate-100 p-3 sm:grid-cols-3"
      onSubmit={(event) => {
        event.preventDefault();
        const start = zonedToInstant(date, time, timeZone);
        void onSave(start.toISOString(), new Date(start.getTime() + minutes * 60_000).toISOString()).catch(
          () => undefined,
        );
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
            step={900}
            required
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
        )}
      </Field>
      <Field label="Length">
        {(props) => (
          <Select {...props} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {lengths.map((m) => (
              <option key={m} value={m}>
                {m} minutes
              </option>
            ))}
          </Select>
        )}
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" variant="primary" disabled={busy || !date || !time}>
          Move appointment
        </Button>
      </div>
    </form>
  );
}
