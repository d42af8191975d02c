import { IMPORT_PATIENT_FIELDS, type CsvMapping, type ImportPatientField } from '@medicare/contracts';

export { IMPORT_PATIENT_FIELDS };

/** Each patient field a column can feed, in words, with a hint where the choice needs one. */
export const FIELD_LABELS: Record<ImportPatientField, { label: string; hint?: string }> = {
  sourceId: {
    label: 'Id in the other system',
    hint: 'Recorded with each patient, so importing the same file again updates instead of adding twice.',
  },
  fullName: {
    label: 'Full name, in one column',
    hint: 'Used when the file has no separate given and family names (“Dr Jane Smith”, “Smith, Jane”).',
  },
  givenName: { label: 'Given name' },
  familyName: { label: 'Family name' },
  birthDate: {
    label: 'Date of birth',
    hint: '1980-01-31, 01/31/1980, 31.01.1980 and Jan 31 1980 are all read.',
  },
  sex: { label: 'Sex', hint: 'M, F, male, female, 0/1; empty is “unknown”.' },
  phone: { label: 'Phone' },
  email: { label: 'E-mail' },
  address: { label: 'Street address' },
  city: { label: 'City' },
  state: { label: 'State or region' },
  postalCode: { label: 'Postal code' },
  country: { label: 'Country' },
};

/** The label of a field a problem names (`row` and unknown names as they are). */
export const fieldLabel = (field: string) =>
  field === 'row' ? 'Row' : (FIELD_LABELS[field as ImportPatientField]?.label ?? field);

/** The mapping with every field named, null where no column feeds it (the form's state). */
export function fullMapping(mapping: CsvMapping): Record<ImportPatientField, string | null> {
  return Object.fromEntries(IMPORT_PATIENT_FIELDS.map((f) => [f, mapping[f] ?? null])) as Record<
    ImportPatientField,
    string | null
  >;
}

/** A reason as the engine words it (`birthDate is not a calendar date`), with the field in words. */
export function reasonText(reason: string): string {
  const [first = '', ...rest] = reason.split(' ');
  const label = FIELD_LABELS[first as ImportPatientField]?.label;
  return label && rest.length > 0 ? `${label}: ${rest.join(' ')}` : reason;
}

/** Each problem once (a field can fail the same way twice). */
export function distinctProblems<T extends { field: string; message: string }>(problems: T[]): T[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A finding's source id in words: the file's own id, or a row the file gave no id. */
export const sourceIdText = (sourceId: string) =>
  sourceId.startsWith('id:') ? sourceId.slice(3) : 'A row without an id';
