import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Appointment, AppointmentInput, CancelInput, MoveInput } from '@medicare/contracts';
import { appointmentInput, etagOf } from '../../api/client';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';

/** Booking and changing appointments; every success (and every refusal) refreshes every appointment list and slot. */
export function useAppointmentMutations() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.appointments.all });
  const book = useMutation({
    mutationFn: (input: AppointmentInput) => api.createAppointment(input),
    onSuccess: refresh,
    // A slot that was free when listed may have gone: show what is free now.
    onError: refresh,
  });
  const bookSeries = useMutation({
    mutationFn: (input: AppointmentInput) => api.createSeries(input),
    onSuccess: refresh,
    onError: refresh,
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
      queryClient.setQueryData(keys.appointment(saved.data.id), saved);
      return refresh();
    },
    // A stale version (412) means the lists are stale too: reload them.
    onError: refresh,
  });
  const cancel = useMutation({
    mutationFn: ({ appointment, input }: { appointment: Appointment; input: CancelInput }) =>
      api.cancelAppointment(appointment.id, input),
    onSuccess: refresh,
    onError: refresh,
  });
  const restore = useMutation({
    mutationFn: (appointment: Appointment) => api.restoreAppointment(appointment.id),
    onSuccess: refresh,
    onError: refresh,
  });
  const move = useMutation({
    mutationFn: ({ appointment, input }: { appointment: Appointment; input: MoveInput }) =>
      api.moveAppointment(appointment.id, input),
    onSuccess: refresh,
    onError: refresh,
  });
  return { book, bookSeries, change, cancel, restore, move };
}
