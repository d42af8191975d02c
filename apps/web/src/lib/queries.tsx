import { useQuery } from '@tanstack/react-query';
import type { AppointmentType, AppointmentTypeListQuery, Patient, Practitioner } from '@medicare/contracts';
import { useApi } from '../api/context';
import { keys } from '../api/query-keys';

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every page of a list, up to `maxPages` pages of 100. */
export async function fetchAll<T>(
  page: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const result = await page(cursor);
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

export const patientName = (p: Pick<Patient, 'givenName' | 'familyName'>) => `${p.givenName} ${p.familyName}`;
export const practitionerName = (p: Pick<Practitioner, 'givenName' | 'familyName'>) =>
  `Dr ${p.givenName} ${p.familyName}`;

export function usePractitioners() {
  const api = useApi();
  return useQuery({
    queryKey: keys.practitioners,
    queryFn: () => fetchAll((cursor) => api.listPractitioners({ limit: 100, ...(cursor ? { cursor } : {}) })),
    staleTime: 5 * 60_000,
  });
}

/** One patient with its ETag, cached by id (appointments name their patient by id only). */
export function usePatient(id: string | null | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: keys.patient(id),
    queryFn: () => api.getPatient(id!),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

/** A patient's name for a list row: the name once known, a placeholder until then. */
export function PatientName({ id }: { id: string }) {
  const { data, isError } = usePatient(id);
  if (data) return <>{patientName(data.data)}</>;
  return <span className="text-slate-600">{isError ? 'Patient unavailable' : 'Loading…'}</span>;
}

/** Appointment types (a patient is given only the self-bookable ones), every page. */
export function useAppointmentTypes(filters: Omit<AppointmentTypeListQuery, 'limit' | 'cursor'> = {}) {
  const api = useApi();
  return useQuery({
    queryKey: keys.appointmentTypes.list(filters),
    queryFn: () =>
      fetchAll((cursor) =>
        api.listAppointmentTypes({ ...filters, limit: 100, ...(cursor ? { cursor } : {}) }),
      ),
    staleTime: 60_000,
  });
}

/** "30 min", "1 h 30 min". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m || !h ? `${m} min` : ''].filter(Boolean).join(' ');
}

/** Whether a practitioner offers a type (the API's rule: an empty list means everyone does). */
export const offers = (type: Pick<AppointmentType, 'practitionerIds'>, practitionerId: string) =>
  type.practitionerIds.length === 0 || type.practitionerIds.includes(practitionerId);
