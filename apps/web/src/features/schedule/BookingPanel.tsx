import { useEffect, useRef, useState } from 'react';
import type { Patient, Practitioner } from '@medicare/contracts';
import { patientName, practitionerName, usePatient } from '../../lib/queries';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/feedback';
import { Field, Select, TextField } from '../../ui/form';
import { PatientSearch } from '../patients/PatientSearch';
import { ConflictNotice } from './ConflictNotice';
import { useAppointmentMutations } from './mutations';

/** Book the chosen free time: pick the patient (or keep the one preselected), a length and a reason. */
export function BookingPanel({
  practitioner,
  start,
  patientId,
  onDone,
  onClose,
}: {
  practitioner: Practitioner;
  start: Date;
  /** A patient chosen before (from their page, or the portal's own record). */
  patientId?: string | undefined;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const preselected = usePatient(patientId);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [minutes, setMinutes] = useState(30);
  const [reason, setReason] = useState('');
  const { book } = useAppointmentMutations();
  const chosen = patient ?? preselected.data?.data ?? null;

  useEffect(() => heading.current?.focus(), [start]);

  async function submit() {
    if (!chosen) return;
    const saved = await book.mutateAsync({
      patientId: chosen.id,
      practitionerId: practitioner.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + minutes * 60_000).toISOString(),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    onDone(
      `Booked ${patientName(chosen)} with ${practitionerName(practitioner)} on ${formatDateTime(saved.data.start, practitioner.timeZone)}.`,
    );
  }

  return (
    <section
      aria-labelledby="booking-heading"
      className="rounded-lg border border-blue-300 bg-white p-4 shadow-sm"
    >
      <h2 id="booking-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Book {formatDateTime(start, practitioner.timeZone)}
      </h2>
      <p className="mb-3 text-sm text-slate-700">with {practitionerName(practitioner)}</p>
      <div className="space-y-4">
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
        <Field label="Length">
          {(props) => (
            <Select {...props} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {[15, 30, 45, 60, 90].map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TextField label="Reason" maxLength={500} value={reason} onValue={setReason} />
        {book.isError && <ConflictNotice error={book.error} />}
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            disabled={!chosen || book.isPending}
            onClick={() => void submit().catch(() => undefined)}
          >
            {book.isPending ? 'Booking…' : 'Book appointment'}
          </Button>
          <Button onClick={onClose}>Close</Button>
        </div>
      </div>
    </section>
  );
}
