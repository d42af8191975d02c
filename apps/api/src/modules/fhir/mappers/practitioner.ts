import type { Practitioner, PractitionerInput } from '@medicare/contracts';
import type { Practitioner as FhirPractitioner } from '@medplum/fhirtypes';
import { fhirInvalid } from '../outcome.js';
import { metaOf, requireShape } from './common.js';

/** FHIR's own extension for a time zone (IANA name as a code). */
export const TIME_ZONE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/timezone';

export const PRACTITIONER_ELEMENTS: Record<string, string> = {
  '/givenName': 'Practitioner.name.given',
  '/familyName': 'Practitioner.name.family',
  '/specialty': 'Practitioner.qualification.code.text',
  '/timeZone': `Practitioner.extension`,
};

const ALLOWED = ['id', 'meta', 'text', 'active', 'name', 'qualification', 'extension'] as const;

export function toFhirPractitioner(p: Practitioner): FhirPractitioner {
  return {
    resourceType: 'Practitioner',
    id: p.id,
    meta: metaOf(p.version, p.updatedAt),
    active: true,
    name: [
      { use: 'official', family: p.familyName, given: [p.givenName], text: `${p.givenName} ${p.familyName}` },
    ],
    ...(p.specialty ? { qualification: [{ code: { text: p.specialty } }] } : {}),
    extension: [{ url: TIME_ZONE_EXTENSION, valueCode: p.timeZone }],
  };
}

export function fromFhirPractitioner(body: unknown): PractitionerInput {
  const r = requireShape(body, 'Practitioner', ALLOWED) as unknown as FhirPractitioner;
  const issues: { path: string; message: string }[] = [];
  if ((r.name?.length ?? 0) > 1)
    issues.push({ path: 'Practitioner.name', message: 'only one is stored here' });
  if ((r.qualification?.length ?? 0) > 1)
    issues.push({ path: 'Practitioner.qualification', message: 'one (the specialty) is stored here' });
  if (r.extension?.some((e) => e.url !== TIME_ZONE_EXTENSION))
    issues.push({ path: 'Practitioner.extension', message: `only ${TIME_ZONE_EXTENSION} is stored here` });
  const name = r.name?.[0];
  const family = name?.family?.trim();
  const given = name?.given?.join(' ').trim();
  if (!family) issues.push({ path: 'Practitioner.name.family', message: 'is required' });
  if (!given) issues.push({ path: 'Practitioner.name.given', message: 'is required' });
  const timeZone = r.extension?.find((e) => e.url === TIME_ZONE_EXTENSION)?.valueCode;
  if (!timeZone)
    issues.push({
      path: 'Practitioner.extension',
      message: `the time zone (${TIME_ZONE_EXTENSION}) is required`,
    });
  if (issues.length > 0) throw fhirInvalid(issues);
  const q = r.qualification?.[0]?.code;
  return {
    givenName: given!,
    familyName: family!,
    specialty: q?.text ?? q?.coding?.[0]?.display ?? null,
    timeZone: timeZone!,
  };
}
