import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { ApiError, describeError, isApiError } from '../../api/errors';
import { keys } from '../../api/query-keys';
import { practitionerName, usePractitioners } from '../../lib/queries';
import { formatDateTime, formatSpan } from '../../lib/time';
import { Notice } from '../../ui/feedback';

/**
 * A refused booking or change said plainly: the appointment that holds the time (when we may read it),
 * every clashing occurrence of a series, hours, cut-offs and the arrival day in words.
 */
export function ConflictNotice({
  error,
  timeZone,
  series = false,
}: {
  error: unknown;
  timeZone?: string | undefined;
  /** The change was to several occurrences: name each clash, even a single one. */
  series?: boolean;
}) {
  const api = useApi();
  const practitioners = usePractitioners();
  const all = isApiError(error, 'APPOINTMENT_CONFLICT') ? (error.details?.conflicts ?? []) : [];
  const conflicts = series || all.length > 1 ? all : [];
  const conflictId =
    isApiError(error, 'APPOINTMENT_CONFLICT') && conflicts.length === 0
      ? error.details?.conflictingAppointmentId
      : undefined;
  const clash = useQuery({
    queryKey: keys.appointment(conflictId),
    queryFn: () => api.getAppointment(conflictId!),
    enabled: Boolean(conflictId),
    retry: false,
  });
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'APPOINTMENT_CONFLICT') return <RefusalNotice error={error} timeZone={timeZone} />;
  if (conflicts.length > 0)
    return (
      <Notice
        tone="error"
        title={`${conflicts.length === 1 ? 'One date clashes' : `${conflicts.length} dates clash`}: nothing was booked`}
      >
        <ul className="list-disc pl-5">
          {conflicts.map((c) => (
            <li key={c.start}>{formatSpan(c.start, c.end, timeZone)}</li>
          ))}
        </ul>
        <p className="mt-1">The practitioner or the patient already has an appointment then.</p>
      </Notice>
    );
  const appointment = clash.data?.data;
  const practitioner = practitioners.data?.find((p) => p.id === appointment?.practitionerId);
  return (
    <Notice tone="error" title="That time is already taken">
      {appointment ? (
        <p>
          It clashes with the appointment on{' '}
          {formatSpan(appointment.start, appointment.end, practitioner?.timeZone)} with{' '}
          {practitioner ? practitionerName(practitioner) : 'the practitioner'} for {appointment.patientName}.
          Pick another time.
        </p>
      ) : (
        <p>
          Someone else holds this time (the practitioner or the patient already has an appointment then). Pick
          another time.
        </p>
      )}
    </Notice>
  );
}

/** The scheduling refusals (422s) in words a desk or a patient can act on. */
export function RefusalNotice({ error, timeZone }: { error: unknown; timeZone?: string | undefined }) {
  if (!(error instanceof ApiError)) return null;
  const deadline = error.details?.deadline;
  switch (error.code) {
    case 'OUTSIDE_AVAILABILITY':
      return (
        <Notice tone="error" title="Outside working hours">
          {/* The API names the local time that is outside, and what to do instead. */}
          <p>{error.message}.</p>
        </Notice>
      );
    case 'CANCELLATION_WINDOW_PASSED':
      return (
        <Notice tone="error" title="Too late to change this online">
          {deadline
            ? `Appointments can be changed or cancelled online until ${formatDateTime(deadline, timeZone)}.`
            : 'This appointment is too close to change or cancel online.'}{' '}
          Please call the clinic.
        </Notice>
      );
    case 'NOT_APPOINTMENT_DAY':
      return (
        <Notice tone="error" title="Not the day of this appointment">
          A patient can be marked arrived only on the day of their appointment.
        </Notice>
      );
    case 'UNDO_WINDOW_PASSED':
      return (
        <Notice tone="error" title="Too late to undo">
          The cancellation can no longer be undone. Book the appointment again instead.
        </Notice>
      );
    case 'APPOINTMENT_TYPE_NOT_BOOKABLE':
      return (
        <Notice tone="error" title="This kind of appointment cannot be booked here">
          {error.message}
        </Notice>
      );
    default:
      return <Notice tone="error">{describeError(error)}</Notice>;
  }
}
