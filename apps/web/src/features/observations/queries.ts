import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ObservationInput } from '@medicare/contracts';
import { useApi } from '../../api/context';
import type { RiskRace } from '../../api/client';
import { fetchAll } from '../../lib/queries';
import { keys } from '../../api/query-keys';

export const PAGE_SIZE = 10;
const YEAR_MS = 366 * 86_400_000;

/** One page of a patient's observations, newest first, optionally of one code. */
export function useObservationPage(patientId: string, code: string, cursor: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.observations.page(patientId, code, cursor),
    queryFn: () =>
      api.listObservations(patientId, {
        limit: PAGE_SIZE,
        ...(code ? { code } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    placeholderData: (previous) => previous,
  });
}

/** The last year of one code, oldest first, for a trend chart. */
export function useTrend(patientId: string, code: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.observations.trend(patientId, code),
    queryFn: async () => {
      const from = new Date(Date.now() - YEAR_MS).toISOString();
      const items = await fetchAll(
        (cursor) =>
          api.listObservations(patientId, { code, from, limit: 100, ...(cursor ? { cursor } : {}) }),
        3,
      );
      return items.reverse();
    },
  });
}

export function useRisk(patientId: string, race: RiskRace) {
  const api = useApi();
  return useQuery({
    queryKey: keys.risk.as(patientId, race),
    queryFn: () => api.patientRisk(patientId, race),
    // A 422 is an answer (what is missing, what is out of range), not a failure worth retrying.
    retry: false,
  });
}

/** Record and delete; both refresh the table, the charts and the risk card. */
export function useObservationMutations(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.observations.of(patientId) }),
      queryClient.invalidateQueries({ queryKey: keys.risk.of(patientId) }),
    ]);
  const record = useMutation({
    mutationFn: (input: ObservationInput) => api.createObservation(patientId, input),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (observationId: string) => api.deleteObservation(patientId, observationId),
    onSuccess: refresh,
  });
  return { record, remove };
}
