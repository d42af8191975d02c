import { useQuery } from '@tanstack/react-query';
import type { Reminder } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';
import { formatDateTime } from '../../lib/time';

const CHANNEL: Record<Reminder['channel'], string> = { email: 'E-mail', sms: 'Text message' };
export const REMINDER_STATUS_LABELS: Record<Reminder['status'], string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Not sent',
};
const TONE: Record<Reminder['status'], string> = {
  scheduled: 'text-slate-700',
  sending: 'text-blue-800',
  sent: 'text-green-800',
  failed: 'font-medium text-red-800',
  cancelled: 'text-slate-600 line-through',
  skipped: 'text-slate-600',
};

/** An appointment's reminders: channel, when due (in the given zone) and delivery status. */
export function ReminderStatus({ appointmentId, timeZone }: { appointmentId: string; timeZone?: string }) {
  const api = useApi();
  const reminders = useQuery({
    queryKey: keys.appointments.reminders(appointmentId),
    queryFn: () => api.appointmentReminders(appointmentId),
  });
  return (
    <section aria-label="Reminders" className="mt-3 text-sm">
      <h3 className="font-medium text-slate-900">Reminders</h3>
      {reminders.isPending ? (
        <p className="text-slate-600">Loading reminders…</p>
      ) : reminders.isError ? (
        <p className="text-slate-600">Reminders could not be loaded.</p>
      ) : reminders.data.items.length === 0 ? (
        <p className="text-slate-600">None: the patient has not agreed to e-mail or text reminders.</p>
      ) : (
        <ul className="mt-1 space-y-0.5">
          {reminders.data.items.map((r) => (
            <li key={`${r.channel}-${r.dueAt}-${r.status}`}>
              {CHANNEL[r.channel]} · {formatDateTime(r.dueAt, timeZone)} ·{' '}
              <span className={TONE[r.status]}>{REMINDER_STATUS_LABELS[r.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
