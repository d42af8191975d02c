import type { Patient, PatientInput } from '@medicare/contracts';
import type { ContactPoint, Extension, Patient as FhirPatient } from '@medplum/fhirtypes';
import { fhirInvalid } from '../outcome.js';
import { EXTENSION_BASE, metaOf, MRN_SYSTEM, requireShape } from './common.js';

/** Whether the patient agreed to be contacted by SMS and by e-mail (sub-extensions sms, email). */
export const CONSENT_EXTENSION = `${EXTENSION_BASE}contact-consent`;

/** Our field → the FHIR element it is written to, for error messages (docs/data.md has the table). */
export const PATIENT_ELEMENTS: Record<string, string> = {
  '/givenName': 'Patient.name.given',
  '/familyName': 'Patient.name.family',
  '/birthDate': 'Patient.birthDate',
  '/sex': 'Patient.gender',
  '/phone': 'Patient.telecom',
  '/email': 'Patient.telecom',
  '/address': 'Patient.address',
  '/address/line': 'Patient.address.line',
  '/address/city': 'Patient.address.city',
  '/address/state': 'Patient.address.state',
  '/address/postalCode': 'Patient.address.postalCode',
  '/address/country': 'Patient.address.country',
  '/preferredLanguage': 'Patient.communication.language',
};

const ALLOWED = [
  'id',
  'meta',
  'text',
  'identifier',
  'active',
  'name',
  'telecom',
  'gender',
  'birthDate',
  'address',
  'communication',
  'extension',
] as const;

export function toFhirPatient(p: Patient): FhirPatient {
  const telecom: ContactPoint[] = [];
  if (p.phone) telecom.push({ system: 'phone', value: p.phone });
  if (p.email) telecom.push({ system: 'email', value: p.email });
  const a = p.address;
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: metaOf(p.version, p.updatedAt),
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
        },
        system: MRN_SYSTEM,
        value: p.mrn,
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    ...(telecom.length > 0 ? { telecom } : {}),
    gender: p.sex,
    birthDate: p.birthDate,
    ...(a && Object.keys(a).length > 0
      ? {
          address: [
            {
              ...(a.line ? { line: [a.line] } : {}),
              ...(a.city ? { city: a.city } : {}),
              ...(a.state ? { state: a.state } : {}),
              ...(a.postalCode ? { postalCode: a.postalCode } : {}),
              ...(a.country ? { country: a.country } : {}),
            },
          ],
        }
      : {}),
    ...(p.preferredLanguage
      ? {
          communication: [
            {
              language: { coding: [{ system: 'urn:ietf:bcp:47', code: p.preferredLanguage }] },
              preferred: true,
            },
          ],
        }
      : {}),
    extension: [
      {
        url: CONSENT_EXTENSION,
        extension: [
          { url: 'sms', valueBoolean: p.contactConsent.sms },
          { url: 'email', valueBoolean: p.contactConsent.email },
        ],
      },
    ],
  };
}

function oneOf<T>(list: T[] | undefined, element: string): T | undefined {
  if (list && list.length > 1)
    throw fhirInvalid([{ path: element, message: 'only one is stored here; send one' }]);
  return list?.[0];
}

function consentOf(extensions: Extension[] | undefined): PatientInput['contactConsent'] {
  const consent = extensions?.find((e) => e.url === CONSENT_EXTENSION);
  if (extensions?.some((e) => e.url !== CONSENT_EXTENSION))
    throw fhirInvalid([{ path: 'Patient.extension', message: `only ${CONSENT_EXTENSION} is stored here` }]);
  if (!consent) return undefined;
  const flag = (url: string) => consent.extension?.find((e) => e.url === url)?.valueBoolean === true;
  return { sms: flag('sms'), email: flag('email') };
}

/**
 * A FHIR Patient as our record's editable fields. Server-owned parts (id, meta, the MRN identifier,
 * the narrative) are read past; anything else we cannot keep is refused by name, never dropped.
 */
export function fromFhirPatient(body: unknown): PatientInput {
  const r = requireShape(body, 'Patient', ALLOWED) as unknown as FhirPatient;
  const issues: { path: string; message: string }[] = [];
  const foreign = r.identifier?.filter((i) => i.system !== MRN_SYSTEM) ?? [];
  if (foreign.length > 0)
    issues.push({
      path: 'Patient.identifier',
      message: `only the MRN (${MRN_SYSTEM}) is kept here, and the server assigns it`,
    });
  if (r.active === false)
    issues.push({
      path: 'Patient.active',
      message: 'inactive records are not kept; delete the patient instead',
    });
  const name = oneOf(r.name, 'Patient.name');
  const family = name?.family?.trim();
  const given = name?.given?.join(' ').trim();
  if (!family) issues.push({ path: 'Patient.name.family', message: 'is required' });
  if (!given) issues.push({ path: 'Patient.name.given', message: 'is required' });
  if (!r.birthDate) issues.push({ path: 'Patient.birthDate', message: 'is required' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(r.birthDate))
    issues.push({ path: 'Patient.birthDate', message: 'must be a full date like 1980-01-31' });
  const phones = r.telecom?.filter((t) => t.system === 'phone');
  const emails = r.telecom?.filter((t) => t.system === 'email');
  if (r.telecom?.some((t) => t.system !== 'phone' && t.system !== 'email'))
    issues.push({ path: 'Patient.telecom', message: 'only phone and email are kept' });
  const address = oneOf(r.address, 'Patient.address');
  if (address && (address.line?.length ?? 0) > 1)
    issues.push({ path: 'Patient.address.line', message: 'one line is kept; join them' });
  const communication = oneOf(r.communication, 'Patient.communication');
  const language = communication?.language?.coding?.[0]?.code ?? communication?.language?.text;
  const consent = consentOf(r.extension);
  if (issues.length > 0) throw fhirInvalid(issues);
  return {
    givenName: given!,
    familyName: family!,
    birthDate: r.birthDate!,
    sex: r.gender ?? 'unknown',
    phone: oneOf(phones, 'Patient.telecom')?.value ?? null,
    email: oneOf(emails, 'Patient.telecom')?.value ?? null,
    address: address
      ? {
          ...(address.line?.[0] ? { line: address.line[0] } : {}),
          ...(address.city ? { city: address.city } : {}),
          ...(address.state ? { state: address.state } : {}),
          ...(address.postalCode ? { postalCode: address.postalCode } : {}),
          ...(address.country ? { country: address.country } : {}),
        }
      : null,
    preferredLanguage: language ?? null,
    ...(consent ? { contactConsent: consent } : {}),
  };
}
