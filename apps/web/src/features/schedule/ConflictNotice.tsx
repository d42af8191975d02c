import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import { ApiError, describeError, isApiError } from '../../api/errors';
import { practitionerName, usePractitioners } from '../../lib/queries';
import { formatDateTime, formatTime } from '../../lib/time';
import { Notice } from '../../ui/feedback';
import { keys } from '../../api/query-keys';

/** The API's "slot taken" answer said plainly, with the appointment that holds the time when we may read it. */
export function ConflictNotice({ error }: { error: unknown }) {
  const api = useApi();
  const practitioners = usePractitioners();
  const conflictId = isApiError(error, 'APPOINTMENT_CONFLICT')
    ? error.details?.conflictingAppointmentId
    : undefined;
  const clash = useQuery({
    queryKey: keys.appointment(conflictId),
    queryFn: () => api.getAppointment(conflictId!),
    enabled: Boolean(conflictId),
    retry: false,
  });
  if (!(error instanceof ApiError)) return null;
  if (error.code !== 'APPOINTMENT_CONFLICT') return <Notice tone="error">{describeError(error)}</Notice>;
  const appointment = clash.data?.data;
  const practitioner = practitioners.data?.find((p) => p.id === appointment?.practitionerId);
  return (
    <Notice tone="error" title="That time is already taken">
      {appointment ? (
        <p>
          It clashes with the appointment on {formatDateTime(appointment.start, practitioner?.timeZone)} to{' '}
          {formatTime(appointment.end, practitioner?.timeZone ?? 'UTC')} with{' '}
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
