import type { ApiClient } from '../../api/client';
import { saveBlob } from '../../lib/save';

export const FHIR_JSON = 'application/fhir+json';

/** `medical-record-2026-11-29.json`: the day it was taken, in the browser's own calendar. */
export function recordFileName(now = new Date()): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('-');
  return `medical-record-${day}.json`;
}

/** Saves the patient's record, the FHIR Bundle of `Patient/$everything`, as a `.json` file (application/fhir+json). */
export async function downloadRecord(api: ApiClient, patientId: string): Promise<void> {
  const bytes = await api.recordBundle(patientId);
  saveBlob(new Blob([bytes], { type: FHIR_JSON }), recordFileName());
}
