import { useEffect, useRef, useState } from 'react';
import type { AppointmentInput, AppointmentType, Patient, Practitioner } from '@medicare/contracts';
import { isApiError } from '../../api/errors';
import { formatMinutes, patientName, practitionerName, usePatient } from '../../lib/queries';
import { formatDate, formatDateTime, formatSpan } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { PatientSearch } from '../patients/PatientSearch';
import { ConflictNotice } from './ConflictNotice';
import { useAppointmentMutations } from './mutations';
import { lastDate, REPEAT_LABELS, rruleOf, type Repeat } from './recurrence';

/**
 * Book the chosen free time for a type: pick the patient (or keep the one preselected), a reason, and
 * whether it repeats. `override`: a time outside working hours, which needs a stated reason.
 */
export function BookingPanel({
  practitioner,
  start,
  type,
  patientId,
  override = false,
  onDone,
  onClose,
}: {
  practitioner: Practitioner;
  start: Date;
  type: AppointmentType;
  /** A patient chosen before (from their page). */
  patientId?: string | undefined;
  override?: boolean;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const preselected = usePatient(patientId);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [reason, setReason] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [countText, setCountText] = useState('6');
  const count = Math.min(52, Math.max(2, Math.trunc(Number(countText)) || 2));
  const { book, bookSeries } = useAppointmentMutations();
  const chosen = patient ?? preselected.data?.data ?? null;
  const zone = practitioner.timeZone;
  const end = new Date(start.getTime() + type.durationMinutes * 60_000);
  const rrule = rruleOf(repeat, count);
  const error = book.error ?? bookSeries.error;
  const clashes = isApiError(error, 'APPOINTMENT_CONFLICT') ? (error.details?.conflicts ?? []) : [];

  useEffect(() => heading.current?.focus(), [start]);

  async function submit(onConflict: 'fail' | 'skip' = 'fail') {
    if (!chosen) return;
    book.reset();
    bookSeries.reset();
    const input: AppointmentInput = {
      patientId: chosen.id,
      practitionerId: practitioner.id,
      appointmentTypeId: type.id,
      start: start.toISOString(),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(override ? { override: { reason: overrideReason.trim() } } : {}),
    };
    const who = `${patientName(chosen)} with ${practitionerName(practitioner)}`;
    if (!rrule) {
      const saved = await book.mutateAsync(input);
      onDone(`Booked ${who} on ${formatDateTime(saved.data.start, zone)}.`);
      return;
    }
    const series = await bookSeries.mutateAsync({ ...input, recurrence: { rrule, onConflict } });
    const skipped = series.skipped.map((s) => formatDateTime(s.start, zone));
    onDone(
      `Booked ${series.items.length} appointments for ${who}, ${REPEAT_LABELS[repeat].toLowerCase()} from ${formatDateTime(start, zone)}.` +
        (skipped.length ? ` Skipped because they clash: ${skipped.join('; ')}.` : ''),
    );
  }

  const busy = book.isPending || bookSeries.isPending;
  return (
    <section
      aria-labelledby="booking-heading"
      className="rounded-lg border border-blue-300 bg-white p-4 shadow-sm"
    >
      <h2 id="booking-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Book {formatSpan(start, end, zone)}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        {type.name} ({formatMinutes(type.durationMinutes)}) with {practitionerName(practitioner)}
      </p>
      <div className="space-y-4">
        {override && (
          <Notice tone="warning" title="Outside working hours">
            This time is outside {practitionerName(practitioner)}’s hours. Say why it is booked anyway; the
            reason is kept with the appointment.
          </Notice>
        )}
        {chosen ? (
          <div className="flex flex-wrap items-center justify-between gap-2 rounded-md bg-slate-100 p-3 text-sm">
            <span>
              Patient: <strong>{patientName(chosen)}</strong> · born {chosen.birthDate} · {chosen.mrn}
            </span>
            {!patientId && (
              <Button variant="ghost" onClick={() => setPatient(null)}>
                Change patient
              </Button>
            )}
          </div>
        ) : patientId ? (
          <Notice>Loading the patient…</Notice>
        ) : (
          <PatientSearch label="Patient" pageSize={5} onChoose={setPatient} />
        )}
        <Field label="Reason for the visit">
          {(props) => (
            <TextInput
              {...props}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        {override && (
          <Field label="Why outside working hours" required>
            {(props) => (
              <TextInput
                {...props}
                maxLength={500}
                value={overrideReason}
                onChange={(e) => setOverrideReason(e.target.value)}
              />
            )}
          </Field>
        )}
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Repeat">
            {(props) => (
              <Select {...props} value={repeat} onChange={(e) => setRepeat(e.target.value as Repeat)}>
                {(Object.keys(REPEAT_LABELS) as Repeat[]).map((r) => (
                  <option key={r} value={r}>
                    {REPEAT_LABELS[r]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {repeat !== 'none' && (
            <Field
              label="How many appointments"
              hint={`The last on ${formatDate(lastDate(start, zone, repeat, count))}.`}
            >
              {(props) => (
                <TextInput
                  {...props}
                  type="number"
                  min={2}
                  max={52}
                  value={countText}
                  onChange={(e) => setCountText(e.target.value)}
                />
              )}
            </Field>
          )}
        </div>
        {error && <ConflictNotice error={error} timeZone={zone} series={Boolean(bookSeries.error)} />}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            disabled={!chosen || busy || (override && !overrideReason.trim())}
            onClick={() => void submit().catch(() => undefined)}
          >
            {busy ? 'Booking…' : rrule ? `Book ${count} appointments` : 'Book appointment'}
          </Button>
          {clashes.length > 0 && (
            <Button disabled={busy} onClick={() => void submit('skip').catch(() => undefined)}>
              Skip the clashes and book the rest
            </Button>
          )}
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </section>
  );
}
