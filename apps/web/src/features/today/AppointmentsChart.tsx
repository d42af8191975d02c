import { formatDate } from '../../lib/time';

/** A bar per day, drawn with plain elements; the numbers are in the text too, for screen readers. */
export function AppointmentsChart({ days }: { days: { date: string; count: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return (
    <figure>
      <figcaption className="mb-3 text-sm text-slate-700">
        {total} appointments booked over the next 14 days.
      </figcaption>
      <ol className="flex h-44 items-end gap-1 sm:gap-2" aria-label="Appointments per day">
        {days.map((day) => (
          <li key={day.date} className="flex h-full min-w-0 flex-1 flex-col items-center justify-end">
            <span className="text-xs font-medium text-slate-800">{day.count}</span>
            <span
              aria-hidden="true"
              className="w-full rounded-t bg-blue-700"
              style={{ height: `${(day.count / max) * 100}%`, minHeight: day.count ? 2 : 0 }}
            />
            <span className="sr-only">{`${formatDate(day.date)}: ${day.count} appointments`}</span>
            <span aria-hidden="true" className="mt-1 text-[0.65rem] text-slate-700">
              {day.date.slice(8)}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
