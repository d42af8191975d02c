import { useNow } from '../../lib/hooks';
import { lazy, Suspense, useState } from 'react';
import type { Appointment, Practitioner } from '@medicare/contracts';
import { useTitle } from '../../app/guards';
import { useUser } from '../../auth/session';
import { practitionerName, usePatient, usePractitioners } from '../../lib/queries';
import {
  addDays,
  dateIn,
  formatClock,
  formatDateTime,
  timeOfMinutes,
  zonedToInstant,
  minutesOf,
} from '../../lib/time';
import { Button, ButtonLink } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { Field, Select, TextField, TextInput } from '../../ui/form';
import { Card, PageHeader } from '../../ui/layout';
import { AccessLog } from '../patients/AccessLog';
import { Demographics, PatientAppointments } from '../patients/PatientPage';
import { DownloadRecord } from '../record/DownloadRecord';
import { ConflictNotice } from '../schedule/ConflictNotice';
import { useAppointmentMutations } from '../schedule/mutations';
import { DAY_END, DAY_START, SLOT_MINUTES } from '../schedule/slots';

/** The patient's own measurements and risk card, read-only, loaded when the page is. */
const ObservationsPanel = lazy(() => import('../observations/ObservationsPanel'));

/** The patient's own page: details, appointments (book and cancel), and who has seen the record. */
export function PortalPage() {
  useTitle('My care');
  const user = useUser();
  const patient = usePatient(user.patientId);
  const { change } = useAppointmentMutations();
  const [message, setMessage] = useState<string | null>(null);

  if (!user.patientId)
    return (
      <Notice tone="warning">
        Your account is not linked to a patient record yet. Please contact the clinic.
      </Notice>
    );
  if (patient.isPending) return <Loading />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const record = patient.data.data;

  const cancel = (appointment: Appointment) =>
    change.mutate(
      { appointment, changes: { status: 'cancelled' } },
      {
        onSuccess: () => setMessage(`Your appointment on ${formatDateTime(appointment.start)} is cancelled.`),
      },
    );

  return (
    <>
      <PageHeader
        title={`Hello, ${record.givenName}`}
        subtitle="Your details and appointments at the clinic."
      />
      {message && (
        <div className="mb-4">
          <Notice tone="success">{message}</Notice>
        </div>
      )}
      {change.isError && (
        <div className="mb-4">
          <ConflictNotice error={change.error} />
        </div>
      )}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Book an appointment">
          <BookOwn patientId={record.id} onBooked={setMessage} />
        </Card>
        <PatientAppointments
          patientId={record.id}
          actions={(appointment) =>
            appointment.status === 'booked' && (
              <Button variant="danger" disabled={change.isPending} onClick={() => cancel(appointment)}>
                Cancel<span className="sr-only"> the appointment on {formatDateTime(appointment.start)}</span>
              </Button>
            )
          }
        />
        <Card title="My record">
          <p className="mb-3 text-sm text-slate-800">
            Your record is yours: download it as a FHIR file (JSON) that other clinics and health apps can
            read, or open a summary to print or save as PDF.
          </p>
          <div className="flex flex-wrap items-start gap-2">
            <DownloadRecord patientId={record.id} />
            <ButtonLink to="/portal/summary">Printable summary</ButtonLink>
          </div>
        </Card>
        <Card title="My details">
          <Demographics patient={record} />
          <p className="mt-3 text-sm text-slate-700">
            To change your details, please contact the front desk.
          </p>
        </Card>
        <Card title="Who has seen my record" className="lg:col-span-2">
          <AccessLog patientId={record.id} />
        </Card>
      </div>
      <section aria-labelledby="my-health" className="mt-8">
        <h2 id="my-health" className="mb-1 text-xl font-semibold text-slate-900">
          My measurements and heart health
        </h2>
        <p className="mb-4 text-sm text-slate-700">
          What the clinic has recorded. Please talk to your clinician about what these numbers mean for you.
        </p>
        <Suspense fallback={<Loading />}>
          <ObservationsPanel patientId={record.id} canWrite={false} />
        </Suspense>
      </section>
    </>
  );
}

function BookOwn({ patientId, onBooked }: { patientId: string; onBooked: (message: string) => void }) {
  const practitioners = usePractitioners();
  if (practitioners.isPending) return <Loading />;
  if (practitioners.isError)
    return <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />;
  if (practitioners.data.length === 0) return <p className="text-sm">No practitioners take bookings yet.</p>;
  return <BookOwnForm patientId={patientId} practitioners={practitioners.data} onBooked={onBooked} />;
}

function BookOwnForm({
  patientId,
  practitioners,
  onBooked,
}: {
  patientId: string;
  practitioners: Practitioner[];
  onBooked: (message: string) => void;
}) {
  const [practitionerId, setPractitionerId] = useState(practitioners[0]!.id);
  const practitioner = practitioners.find((p) => p.id === practitionerId) ?? practitioners[0]!;
  const tomorrow = addDays(dateIn(new Date(), practitioner.timeZone), 1);
  const [date, setDate] = useState(tomorrow);
  const [time, setTime] = useState('');
  const [reason, setReason] = useState('');
  const { book } = useAppointmentMutations();
  const times: string[] = [];
  for (let m = minutesOf(DAY_START); m < minutesOf(DAY_END); m += SLOT_MINUTES) times.push(timeOfMinutes(m));
  const now = useNow();
  const available = times.filter(
    (t) => date && zonedToInstant(date, t, practitioner.timeZone).getTime() > now,
  );

  function submit() {
    if (!time || !date) return;
    const start = zonedToInstant(date, time, practitioner.timeZone);
    book.mutate(
      {
        patientId,
        practitionerId: practitioner.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + SLOT_MINUTES * 60_000).toISOString(),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: () => {
          setTime('');
          setReason('');
          onBooked(
            `Booked with ${practitionerName(practitioner)} on ${formatDateTime(start, practitioner.timeZone)}.`,
          );
        },
      },
    );
  }

  return (
    <form
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field label="With">
        {(props) => (
          <Select {...props} value={practitioner.id} onChange={(e) => setPractitionerId(e.target.value)}>
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
        label="Day"
        type="date"
        min={dateIn(new Date(), practitioner.timeZone)}
        value={date}
        onValue={setDate}
      />
      <Field label="Time" hint={`Clinic time, ${practitioner.timeZone.replace(/_/g, ' ')}. 30 minutes.`}>
        {(props) => (
          <Select {...props} value={time} onChange={(e) => setTime(e.target.value)}>
            <option value="">Choose a time…</option>
            {available.map((t) => (
              <option key={t} value={t}>
                {formatClock(t)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Reason (optional)">
        {(props) => (
          <TextInput {...props} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </Field>
      {book.isError && (
        <div className="sm:col-span-2">
          <ConflictNotice error={book.error} />
        </div>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={!time || book.isPending}>
          {book.isPending ? 'Booking…' : 'Book appointment'}
        </Button>
      </div>
    </form>
  );
}
