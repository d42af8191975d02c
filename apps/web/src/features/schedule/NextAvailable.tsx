import { useQuery } from '@tanstack/react-query';
import type { AppointmentType, Practitioner, Slot } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { useNow } from '../../lib/hooks';
import { keys } from '../../api/query-keys';
import { practitionerName } from '../../lib/queries';
import { formatDateTime } from '../../lib/time';
import { Button } from '../../ui/Button';
import { ErrorState, Loading } from '../../ui/feedback';

/** The first free times of a type across everyone who offers it, over the next `days` days. */
export function useNextAvailable(typeId: string | undefined, days = 14, count = 6) {
  const api = useApi();
  // The clock as of the last minute's tick, so the key (and the request) stays the same for a minute.
  const now = useNow();
  const from = new Date(Math.ceil(now / 60_000) * 60_000).toISOString();
  const to = new Date(Date.parse(from) + days * 86_400_000).toISOString();
  const query = { appointmentTypeId: typeId ?? '', from, to, limit: count };
  return useQuery({
    queryKey: keys.appointments.slots(query),
    queryFn: async () => (await api.listSlots(query)).items,
    enabled: Boolean(typeId),
  });
}

/** "Next available": the soonest free times with anyone, each a button that books it. */
export function NextAvailable({
  type,
  practitioners,
  onChoose,
}: {
  type: AppointmentType;
  practitioners: Practitioner[];
  onChoose: (slot: Slot) => void;
}) {
  const slots = useNextAvailable(type.id);
  const byId = new Map(practitioners.map((p) => [p.id, p]));
  return (
    <section aria-labelledby="next-available" className="rounded-md border border-slate-200 bg-white p-3">
      <h3 id="next-available" className="mb-2 text-base font-semibold">
        Next available for {type.name}, with anyone
      </h3>
      {slots.isPending ? (
        <Loading label="Finding the next free times…" />
      ) : slots.isError ? (
        <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
      ) : slots.data.length === 0 ? (
        <p className="text-sm text-slate-700">Nobody who offers it is free in the next two weeks.</p>
      ) : (
        <ul className="space-y-1">
          {slots.data.map((slot) => {
            const p = byId.get(slot.practitionerId);
            return (
              <li key={`${slot.practitionerId}${slot.start}`}>
                <Button
                  variant="ghost"
                  className="w-full justify-start text-left"
                  onClick={() => onChoose(slot)}
                >
                  {formatDateTime(slot.start, p?.timeZone)} with {p ? practitionerName(p) : 'a practitioner'}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
