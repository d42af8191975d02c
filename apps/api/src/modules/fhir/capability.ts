import type { CapabilityStatement, CapabilityStatementRestResource, ResourceType } from '@medplum/fhirtypes';

type SearchParam = {
  name: string;
  type: 'string' | 'token' | 'date' | 'reference' | 'number' | 'special';
  doc: string;
};
type Interaction = 'read' | 'search-type' | 'create' | 'update';

/**
 * What this server offers, as data: the CapabilityStatement is written from it, and each resource's
 * search refuses (or, under `Prefer: handling=lenient`, ignores) every parameter it does not list.
 */
export const RESOURCES = {
  Patient: {
    interactions: ['read', 'search-type', 'create', 'update'],
    operations: ['everything'],
    params: [
      { name: '_id', type: 'token', doc: 'The patient id' },
      {
        name: 'name',
        type: 'string',
        doc: 'Each word starts a word of the given or family name (accents and case ignored)',
      },
      { name: 'family', type: 'string', doc: 'Start of the family name' },
      { name: 'given', type: 'string', doc: 'Start of the given name' },
      { name: 'birthdate', type: 'date', doc: 'A full date, eq only (1980-01-31)' },
      {
        name: 'identifier',
        type: 'token',
        doc: 'The MRN, system urn:medicare-hub:mrn (urn:medicare-hub:mrn|MC0000123)',
      },
      { name: 'phone', type: 'token', doc: 'The same digits' },
      { name: 'email', type: 'token', doc: 'The same address (case ignored)' },
    ],
  },
  Practitioner: {
    interactions: ['read', 'search-type', 'create', 'update'],
    operations: [],
    params: [{ name: '_id', type: 'token', doc: 'The practitioner id' }],
  },
  Appointment: {
    interactions: ['read', 'search-type', 'create', 'update'],
    operations: [],
    params: [
      { name: '_id', type: 'token', doc: 'The appointment id' },
      { name: 'patient', type: 'reference', doc: 'Patient/<id>' },
      { name: 'practitioner', type: 'reference', doc: 'Practitioner/<id>' },
      {
        name: 'date',
        type: 'date',
        doc: 'Start: eq, ge, gt, le, lt; a date (UTC day) or an instant; repeat for a range',
      },
      { name: 'status', type: 'token', doc: 'booked, arrived, fulfilled, cancelled, noshow' },
    ],
  },
  Observation: {
    interactions: ['read', 'search-type', 'create'],
    operations: [],
    params: [
      { name: '_id', type: 'token', doc: 'The observation id' },
      {
        name: 'patient',
        type: 'reference',
        doc: 'Patient/<id>; required except for a patient, who gets their own',
      },
      { name: 'code', type: 'token', doc: 'http://loinc.org|8480-6, or the code alone' },
      {
        name: 'date',
        type: 'date',
        doc: 'Effective time: eq, ge, gt, le, lt; a date (UTC day) or an instant',
      },
    ],
  },
} as const satisfies Record<
  string,
  { interactions: Interaction[]; operations: string[]; params: SearchParam[] }
>;

export type FhirResourceType = keyof typeof RESOURCES;

/** Parameters every search takes besides its own. */
export const RESULT_PARAMS: SearchParam[] = [
  { name: '_count', type: 'number', doc: 'Page size, 1–100 (default 20)' },
  {
    name: '_cursor',
    type: 'special',
    doc: 'Where the next page starts: only as the Bundle next link gives it',
  },
  { name: '_format', type: 'special', doc: 'json, application/json or application/fhir+json' },
];
/** Observation only: newest first is the only order offered. */
export const SORT_PARAM: SearchParam = {
  name: '_sort',
  type: 'special',
  doc: '-date only (newest first, the default)',
};

const OPERATION_DEFINITIONS: Record<string, string> = {
  everything: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
  export: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export',
};

export function capabilityStatement(base: string): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = Object.entries(RESOURCES).map(([type, r]) => ({
    type: type as ResourceType,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: r.interactions.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: false,
    updateCreate: false,
    conditionalCreate: false,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchParam: [...r.params, ...RESULT_PARAMS, ...(type === 'Observation' ? [SORT_PARAM] : [])].map(
      (p) => ({
        name: p.name,
        type: p.type === 'special' ? 'special' : p.type,
        documentation: p.doc,
      }),
    ),
    ...(r.operations.length > 0
      ? { operation: r.operations.map((name) => ({ name, definition: OPERATION_DEFINITIONS[name]! })) }
      : {}),
  }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-29',
    kind: 'instance',
    software: { name: 'MediCare Hub' },
    implementation: { description: 'MediCare Hub FHIR R4 API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'application/json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Bearer access tokens from POST /api/auth/login; the same roles, scope and audit as /api. See docs/data.md.',
        security: {
          cors: false,
          service: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' },
              ],
            },
          ],
          description: 'Authorization: Bearer <access token>',
        },
        resource,
        operation: [{ name: 'export', definition: OPERATION_DEFINITIONS.export! }],
      },
    ],
  };
}
