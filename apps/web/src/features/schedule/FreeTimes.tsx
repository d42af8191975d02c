import { useQuery } from '@tanstack/react-query';
import type { AppointmentType, Slot } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useNow } from '../../lib/hooks';
import { keys } from '../../api/query-keys';
import { formatMinutes } from '../../lib/queries';
import { dayRange, formatDate, formatWallTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ErrorState, Loading } from '../../ui/feedback';

/** The free start times of one practitioner's day for a type, from GET /api/slots (hours, exceptions, bookings, buffers). */
export function useDaySlots(
  practitionerId: string,
  typeId: string | undefined,
  date: string,
  timeZone: string,
) {
  const api = useApi();
  const range = dayRange(date, timeZone);
  const query = { appointmentTypeId: typeId ?? '', practitionerId, ...range };
  return useQuery({
    queryKey: keys.appointments.slots(query),
    queryFn: async () => (await api.listSlots({ ...query, limit: 200 })).items,
    enabled: Boolean(typeId),
  });
}

/** The day's free times as buttons, in the practitioner's wall-clock time. */
export function FreeTimes({
  date,
  timeZone,
  type,
  slots,
  canBook,
  onBook,
}: {
  date: string;
  timeZone: string;
  type: AppointmentType;
  slots: ReturnType<typeof useDaySlots>;
  canBook: boolean;
  onBook: (slot: Slot) => void;
}) {
  const now = useNow();
  return (
    <section aria-labelledby="free-times" className="rounded-md border border-slate-200 bg-white p-3">
      <h3 id="free-times" className="mb-2 text-base font-semibold">
        Free times for {type.name} ({formatMinutes(type.durationMinutes)})
      </h3>
      {slots.isPending ? (
        <Loading label="Finding free times…" />
      ) : slots.isError ? (
        <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
      ) : (
        <FreeList
          date={date}
          timeZone={timeZone}
          slots={slots.data.filter((s) => Date.parse(s.start) > now)}
          canBook={canBook}
          onBook={onBook}
        />
      )}
    </section>
  );
}

function FreeList({
  date,
  timeZone,
  slots,
  canBook,
  onBook,
}: {
  date: string;
  timeZone: string;
  slots: Slot[];
  canBook: boolean;
  onBook: (slot: Slot) => void;
}) {
  if (slots.length === 0)
    return (
      <p className="text-sm text-slate-700">
        No free time on {formatDate(date)}: outside working hours, time off, or fully booked.
      </p>
    );
  return (
    <ul
      aria-label={`Free times on ${formatDate(date)}`}
      className="grid grid-cols-2 gap-2 sm:grid-cols-4 xl:grid-cols-5"
    >
      {slots.map((slot) => (
        <li key={slot.start}>
          {canBook ? (
            <Button className="w-full whitespace-nowrap" onClick={() => onBook(slot)}>
              Book {formatWallTime(slot.start, timeZone)}
            </Button>
          ) : (
            <span className="block rounded-md border border-dashed border-slate-300 px-2 py-2 text-center text-sm">
              {formatWallTime(slot.start, timeZone)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
