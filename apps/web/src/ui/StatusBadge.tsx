import type { AppointmentStatus } from '@medicare/contracts';

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked',
  arrived: 'Arrived',
  fulfilled: 'Seen',
  cancelled: 'Cancelled',
  noshow: 'No-show',
};

const styles: Record<AppointmentStatus, string> = {
  booked: 'bg-blue-100 text-blue-900 border-blue-300',
  arrived: 'bg-amber-100 text-amber-950 border-amber-400',
  fulfilled: 'bg-green-100 text-green-900 border-green-300',
  cancelled: 'bg-slate-100 text-slate-700 border-slate-300 line-through',
  noshow: 'bg-red-100 text-red-900 border-red-300',
};

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  return (
    <span
      className={`inline-block rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${styles[status]}`}
    >
      {STATUS_LABELS[status]}
    </span>
  );
}
