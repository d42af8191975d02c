import type { ReactNode } from 'react';
import type { Appointment } from '@medicare/contracts';
import { practitionerName, usePractitioners } from '../../lib/queries';
import { formatDateTime } from '../../lib/time';
import { Empty } from '../../ui/feedback';
import { StatusBadge } from '../../ui/StatusBadge';

/** Appointments as rows: when (in the practitioner's zone), with whom, why, status, and actions. */
export function AppointmentList({
  appointments,
  empty,
  show = 'practitioner',
  actions,
}: {
  appointments: Appointment[];
  empty: string;
  show?: 'practitioner' | 'patient' | 'both';
  actions?: (appointment: Appointment) => ReactNode;
}) {
  const practitioners = usePractitioners();
  if (appointments.length === 0) return <Empty>{empty}</Empty>;
  const byId = new Map((practitioners.data ?? []).map((p) => [p.id, p]));
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
      {appointments.map((appointment) => {
        const practitioner = byId.get(appointment.practitionerId);
        return (
          <li
            key={appointment.id}
            className="flex flex-wrap items-center justify-between gap-3 px-3 py-3 text-sm"
          >
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {formatDateTime(appointment.start, practitioner?.timeZone)}
              </p>
              <p className="text-slate-700">
                {show !== 'practitioner' && appointment.patientName}
                {show === 'both' && ' · '}
                {show !== 'patient' && (practitioner ? practitionerName(practitioner) : 'Practitioner')}
                {appointment.reason ? ` · ${appointment.reason}` : ''}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <StatusBadge status={appointment.status} />
              {actions?.(appointment)}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
