import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Appointment, AppointmentInput } from '@medicare/contracts';
import { appointmentInput, etagOf } from '../../api/client';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';

/** Booking and changing appointments; every success refreshes every appointment list. */
export function useAppointmentMutations() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.appointments.all });
  const book = useMutation({
    mutationFn: (input: AppointmentInput) => api.createAppointment(input),
    onSuccess: refresh,
  });
  const change = useMutation({
    mutationFn: ({
      appointment,
      changes,
    }: {
      appointment: Appointment;
      changes: Partial<AppointmentInput>;
    }) => api.updateAppointment(appointment.id, appointmentInput(appointment, changes), etagOf(appointment)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['appointment', saved.data.id], saved);
      return refresh();
    },
    // A stale version (412) means the lists are stale too: reload them.
    onError: refresh,
  });
  return { book, change };
}
