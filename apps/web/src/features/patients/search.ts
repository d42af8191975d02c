import type { PatientListQuery } from '@medicare/contracts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the search box means: a birth date (YYYY-MM-DD) or text the API matches on name, phone, e-mail, MRN. */
export function patientQuery(text: string): Pick<PatientListQuery, 'q' | 'birthDate'> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (ISO_DATE.test(trimmed)) return { birthDate: trimmed };
  return { q: trimmed.slice(0, 100) };
}
