import { lazy, Suspense, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Appointment, AppointmentType, Practitioner, Slot } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';
import { useTitle } from '../../app/guards';
import { useCan, useUser } from '../../auth/session';
import { useNow } from '../../lib/hooks';
import {
  formatMinutes,
  offers,
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
  formatDateTime,
  formatSpan,
  formatTime,
  localToday,
  localZone,
  weekdayFrom,
} from '../../lib/time';
import { Button, ButtonLink } from '../../ui/Button';
import { ErrorState, Loading, Notice } from '../../ui/feedback';
import { Field, Select, TextInput } from '../../ui/form';
import { Card, PageHeader } from '../../ui/layout';
import { AccessLog } from '../patients/AccessLog';
import { Demographics, PatientAppointments } from '../patients/PatientPage';
import { DownloadRecord } from '../record/DownloadRecord';
import { CancelAppointment, UndoNotice, useCancelUndo } from '../schedule/CancelAppointment';
import { ConflictNotice } from '../schedule/ConflictNotice';
import { useAppointmentMutations } from '../schedule/mutations';

/** The patient's own measurements and risk card, read-only, loaded when the page is. */
const ObservationsPanel = lazy(() => import('../observations/ObservationsPanel'));

/** The patient's own page: details, appointments (book, move and cancel), and who has seen the record. */
export function PortalPage() {
  useTitle('My care');
  const user = useUser();
  const patient = usePatient(user.patientId);
  const practitioners = usePractitioners();
  const canReschedule = useCan('appointment.reschedule');
  const [message, setMessage] = useState<string | null>(null);
  const [moving, setMoving] = useState<Appointment | null>(null);
  const undo = useCancelUndo();

  if (!user.patientId)
    return (
      <Notice tone="warning">
        Your account is not linked to a patient record yet. Please contact the clinic.
      </Notice>
    );
  if (patient.isPending) return <Loading />;
  if (patient.isError) return <ErrorState error={patient.error} onRetry={() => void patient.refetch()} />;
  const record = patient.data.data;
  const zoneOf = (a: Appointment) =>
    practitioners.data?.find((p) => p.id === a.practitionerId)?.timeZone ?? localZone();
  const say = (text: string) => {
    undo.clear();
    setMoving(null);
    setMessage(text);
  };

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
      <UndoNotice undo={undo} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        {moving ? (
          <Card title="Move an appointment">
            <MoveOwn appointment={moving} onMoved={say} onClose={() => setMoving(null)} />
          </Card>
        ) : (
          <Card title="Book an appointment">
            <BookOwn patientId={record.id} onBooked={say} />
          </Card>
        )}
        <PatientAppointments
          patientId={record.id}
          actions={(appointment) =>
            appointment.status === 'booked' && (
              <>
                {canReschedule && (
                  <Button
                    onClick={() => {
                      setMessage(null);
                      setMoving(appointment);
                    }}
                  >
                    Move
                    <span className="sr-only">
                      {' '}
                      the appointment on {formatDateTime(appointment.start, zoneOf(appointment))}
                    </span>
                  </Button>
                )}
                <CancelAppointment
                  appointment={appointment}
                  timeZone={zoneOf(appointment)}
                  onCancelled={(items) => {
                    setMessage(null);
                    undo.cancelled(
                      items,
                      `Your appointment on ${formatDateTime(appointment.start, zoneOf(appointment))} is cancelled.`,
                    );
                  }}
                />
              </>
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
  const types = useAppointmentTypes({ patientBookable: true, active: true });
  if (practitioners.isPending || types.isPending) return <Loading />;
  if (practitioners.isError)
    return <ErrorState error={practitioners.error} onRetry={() => void practitioners.refetch()} />;
  if (types.isError) return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;
  const bookable = types.data.filter((t) => t.patientBookable);
  if (bookable.length === 0)
    return <p className="text-sm">Appointments cannot be booked online yet. Please call the clinic.</p>;
  return (
    <BookOwnForm
      patientId={patientId}
      types={bookable}
      practitioners={practitioners.data}
      onBooked={onBooked}
    />
  );
}

/** Choose what, with whom (or whoever is free first), which day, then one of the free times. */
function BookOwnForm({
  patientId,
  types,
  practitioners,
  onBooked,
}: {
  patientId: string;
  types: AppointmentType[];
  practitioners: Practitioner[];
  onBooked: (message: string) => void;
}) {
  const [typeId, setTypeId] = useState(types[0]!.id);
  const type = types.find((t) => t.id === typeId) ?? types[0]!;
  const offering = practitioners.filter((p) => offers(type, p.id));
  const [practitionerId, setPractitionerId] = useState('');
  const practitioner = offering.find((p) => p.id === practitionerId);
  const [date, setDate] = useState(() => weekdayFrom(addDays(localToday(), 1)));
  const [chosen, setChosen] = useState<Slot | null>(null);
  const [reason, setReason] = useState('');
  const { book } = useAppointmentMutations();
  const slots = useOpenSlots(type.id, practitioner, date);
  const byId = new Map(practitioners.map((p) => [p.id, p]));
  const chosenWith = chosen ? byId.get(chosen.practitionerId) : undefined;

  function submit() {
    if (!chosen || !chosenWith) return;
    book.mutate(
      {
        patientId,
        practitionerId: chosen.practitionerId,
        appointmentTypeId: type.id,
        start: chosen.start,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: (saved) => {
          setChosen(null);
          setReason('');
          onBooked(
            `Booked: ${type.name} with ${practitionerName(chosenWith)} on ${formatSpan(saved.data.start, saved.data.end, chosenWith.timeZone)}.`,
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
      <Field label="What for">
        {(props) => (
          <Select
            {...props}
            value={type.id}
            onChange={(e) => {
              setTypeId(e.target.value);
              setChosen(null);
            }}
          >
            {types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} · {formatMinutes(t.durationMinutes)}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="With">
        {(props) => (
          <Select
            {...props}
            value={practitioner?.id ?? ''}
            onChange={(e) => {
              setPractitionerId(e.target.value);
              setChosen(null);
            }}
          >
            <option value="">Whoever is free first</option>
            {offering.map((p) => (
              <option key={p.id} value={p.id}>
                {practitionerName(p)}
                {p.specialty ? ` · ${p.specialty}` : ''}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Day">
        {(props) => (
          <TextInput
            {...props}
            type="date"
            min={localToday()}
            value={date}
            onChange={(e) => {
              if (e.target.value) setDate(e.target.value);
              setChosen(null);
            }}
          />
        )}
      </Field>
      <div className="sm:col-span-2">
        <OpenSlots slots={slots} date={date} byId={byId} chosen={chosen} onChoose={setChosen} />
      </div>
      {chosen && chosenWith && (
        <>
          <p className="rounded-md bg-slate-100 p-3 text-sm sm:col-span-2">
            {type.name} with {practitionerName(chosenWith)} on{' '}
            <strong>{formatSpan(chosen.start, chosen.end, chosenWith.timeZone)}</strong>
          </p>
          <Field label="Reason (optional)" className="sm:col-span-2">
            {(props) => (
              <TextInput
                {...props}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
        </>
      )}
      {book.isError && (
        <div className="sm:col-span-2">
          <ConflictNotice error={book.error} timeZone={chosenWith?.timeZone} />
        </div>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={!chosen || book.isPending}>
          {book.isPending ? 'Booking…' : 'Book appointment'}
        </Button>
      </div>
    </form>
  );
}

/** Free times of a type on `date`: with one practitioner (their day) or with anyone (the reader's day). */
function useOpenSlots(typeId: string, practitioner: Practitioner | undefined, date: string) {
  const api = useApi();
  const zone = practitioner?.timeZone ?? localZone();
  const query = {
    appointmentTypeId: typeId,
    ...(practitioner ? { practitionerId: practitioner.id } : {}),
    ...dayRange(date, zone),
  };
  return useQuery({
    queryKey: keys.appointments.slots(query),
    queryFn: async () => (await api.listSlots({ ...query, limit: 200 })).items,
  });
}

function OpenSlots({
  slots,
  date,
  byId,
  chosen,
  onChoose,
}: {
  slots: ReturnType<typeof useOpenSlots>;
  date: string;
  byId: Map<string, Practitioner>;
  chosen: Slot | null;
  onChoose: (slot: Slot) => void;
}) {
  const now = useNow();
  if (slots.isPending) return <Loading label="Finding free times…" />;
  if (slots.isError) return <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />;
  const open = slots.data.filter((s) => Date.parse(s.start) > now);
  if (open.length === 0)
    return <p className="text-sm text-slate-700">No free times on {formatDate(date)}. Try another day.</p>;
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800">Free times on {formatDate(date)}</legend>
      <div className="grid max-h-72 grid-cols-1 gap-1 overflow-y-auto sm:grid-cols-2">
        {open.map((slot) => {
          const p = byId.get(slot.practitionerId);
          const selected = chosen?.start === slot.start && chosen.practitionerId === slot.practitionerId;
          return (
            <label
              key={`${slot.practitionerId}${slot.start}`}
              className={`flex min-h-10 items-center gap-2 rounded-md border px-2 text-sm ${
                selected ? 'border-blue-700 bg-blue-50' : 'border-slate-300'
              }`}
            >
              <input
                type="radio"
                name="free-time"
                className="size-4 accent-blue-700"
                checked={selected}
                onChange={() => onChoose(slot)}
              />
              {formatTime(slot.start, p?.timeZone)}
              {p ? ` · ${practitionerName(p)}` : ''}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Move one's own appointment to another free time of the same type and practitioner. */
function MoveOwn({
  appointment,
  onMoved,
  onClose,
}: {
  appointment: Appointment;
  onMoved: (message: string) => void;
  onClose: () => void;
}) {
  const practitioners = usePractitioners();
  const practitioner = practitioners.data?.find((p) => p.id === appointment.practitionerId);
  const zone = practitioner?.timeZone ?? localZone();
  const [date, setDate] = useState(dateIn(appointment.start, zone));
  const [chosen, setChosen] = useState<Slot | null>(null);
  const { move } = useAppointmentMutations();
  const slots = useOpenSlots(appointment.appointmentTypeId ?? '', practitioner, date);
  const byId = new Map((practitioners.data ?? []).map((p) => [p.id, p]));
  if (!appointment.appointmentTypeId || !practitioner)
    return (
      <p className="text-sm">
        This appointment can be moved by the clinic only. Please call the front desk.{' '}
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </p>
    );
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (!chosen) return;
        move.mutate(
          { appointment, input: { start: chosen.start, end: chosen.end } },
          {
            onSuccess: (moved) =>
              onMoved(
                `Moved: your appointment with ${practitionerName(practitioner)} is now on ${formatSpan(
                  moved[0]?.start ?? chosen.start,
                  moved[0]?.end ?? chosen.end,
                  zone,
                )}.`,
              ),
          },
        );
      }}
    >
      <p className="text-sm">
        Now: {formatSpan(appointment.start, appointment.end, zone)} with {practitionerName(practitioner)}.
      </p>
      <Field label="New day">
        {(props) => (
          <TextInput
            {...props}
            type="date"
            min={localToday()}
            value={date}
            onChange={(e) => {
              if (e.target.value) setDate(e.target.value);
              setChosen(null);
            }}
          />
        )}
      </Field>
      <OpenSlots slots={slots} date={date} byId={byId} chosen={chosen} onChoose={setChosen} />
      {move.isError && <ConflictNotice error={move.error} timeZone={zone} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={!chosen || move.isPending}>
          {move.isPending ? 'Moving…' : 'Move appointment'}
        </Button>
        <Button onClick={onClose}>Keep the current time</Button>
      </div>
    </form>
  );
}
