import {
  LOCAL,
  LOINC,
  OBSERVATION_TYPES,
  type Observation,
  type ObservationInput,
} from '@medicare/contracts';
import type { CodeableConcept, Observation as FhirObservation } from '@medplum/fhirtypes';
import { fhirInvalid } from '../outcome.js';
import { idOfReference, requireShape } from './common.js';

export const UCUM = 'http://unitsofmeasure.org';
/** Coded answers (smoking status: current, former, never) are this server's codes under this system. */
export const ANSWER_SYSTEM = 'urn:medicare-hub:observation-answer';
const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';

export const OBSERVATION_ELEMENTS: Record<string, string> = {
  '/code': 'Observation.code',
  '/value': 'Observation.value[x]',
  '/unit': 'Observation.valueQuantity.code',
  '/effectiveAt': 'Observation.effectiveDateTime',
};

const ALLOWED = [
  'id',
  'meta',
  'text',
  'status',
  'category',
  'code',
  'subject',
  'effectiveDateTime',
  'issued',
  'valueQuantity',
  'valueCodeableConcept',
  'valueBoolean',
] as const;

const CATEGORY: Record<string, string> = {
  '8480-6': 'vital-signs',
  '8462-4': 'vital-signs',
  '29463-7': 'vital-signs',
  '8302-2': 'vital-signs',
  '2093-3': 'laboratory',
  '2085-9': 'laboratory',
  '2089-1': 'laboratory',
  '2571-8': 'laboratory',
  '4548-4': 'laboratory',
  '72166-2': 'social-history',
};

/** Observations are never edited here (a wrong one is deleted and recorded again): always version 1. */
export function toFhirObservation(o: Observation): FhirObservation {
  const category = CATEGORY[o.code];
  const def = OBSERVATION_TYPES[o.code];
  const value: Partial<FhirObservation> =
    typeof o.value === 'number'
      ? {
          valueQuantity: {
            value: o.value,
            unit: o.unit ?? undefined,
            system: UCUM,
            code: o.unit ?? undefined,
          },
        }
      : typeof o.value === 'boolean'
        ? { valueBoolean: o.value }
        : {
            valueCodeableConcept: {
              coding: [
                {
                  system: ANSWER_SYSTEM,
                  code: o.value,
                  display: def?.kind === 'coded' ? (def.values[o.value] ?? o.value) : o.value,
                },
              ],
              text: def?.kind === 'coded' ? (def.values[o.value] ?? o.value) : o.value,
            },
          };
  return {
    resourceType: 'Observation',
    id: o.id,
    meta: { versionId: '1', lastUpdated: o.createdAt },
    status: 'final',
    ...(category ? { category: [{ coding: [{ system: CATEGORY_SYSTEM, code: category }] }] } : {}),
    code: { coding: [{ system: o.system, code: o.code, display: o.display }], text: o.display },
    subject: { reference: `Patient/${o.patientId}` },
    effectiveDateTime: o.effectiveAt,
    issued: o.createdAt,
    ...value,
  };
}

/** The code of ours a CodeableConcept carries: a LOINC coding, or one of this server's local codes. */
export function ourCodeOf(concept: CodeableConcept | undefined): string | undefined {
  for (const c of concept?.coding ?? []) {
    if (
      c.code &&
      (c.system === LOINC || c.system === LOCAL) &&
      OBSERVATION_TYPES[c.code]?.system === c.system
    )
      return c.code;
  }
  return undefined;
}

export function fromFhirObservation(body: unknown): { patientId: string; input: ObservationInput } {
  const r = requireShape(body, 'Observation', ALLOWED) as unknown as FhirObservation;
  const issues: { path: string; message: string }[] = [];
  const patientId = idOfReference(r.subject, 'Patient');
  if (!patientId)
    issues.push({ path: 'Observation.subject', message: 'must be Patient/<id> of this server' });
  if (r.status !== 'final')
    issues.push({ path: 'Observation.status', message: 'must be final (only final results are kept)' });
  const code = ourCodeOf(r.code);
  if (!code)
    issues.push({
      path: 'Observation.code',
      message: `must carry a supported code (${Object.entries(OBSERVATION_TYPES)
        .map(([c, d]) => `${d.system}|${c}`)
        .join(', ')})`,
    });
  if (!r.effectiveDateTime) issues.push({ path: 'Observation.effectiveDateTime', message: 'is required' });
  let value: ObservationInput['value'] | undefined;
  let unit: string | undefined;
  if (r.valueQuantity) {
    value = r.valueQuantity.value;
    unit = r.valueQuantity.code ?? r.valueQuantity.unit;
    if (r.valueQuantity.system && r.valueQuantity.system !== UCUM)
      issues.push({ path: 'Observation.valueQuantity.system', message: `must be ${UCUM}` });
  } else if (r.valueCodeableConcept) {
    value =
      r.valueCodeableConcept.coding?.find((c) => c.system === ANSWER_SYSTEM)?.code ??
      r.valueCodeableConcept.text;
  } else if (r.valueBoolean !== undefined) {
    value = r.valueBoolean;
  }
  if (value === undefined) issues.push({ path: 'Observation.value[x]', message: 'is required' });
  if (issues.length > 0) throw fhirInvalid(issues);
  return {
    patientId: patientId!,
    input: {
      code: code!,
      value: value!,
      ...(unit !== undefined ? { unit } : {}),
      effectiveAt: r.effectiveDateTime!,
    },
  };
}
