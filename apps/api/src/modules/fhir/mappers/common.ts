import type { ErrorIssue } from '@medicare/contracts';
import type { Meta, Reference } from '@medplum/fhirtypes';
import { AppError } from '../../../lib/errors.js';
import { fhirInvalid } from '../outcome.js';

/** Our patients' medical record numbers (`MC0000123`): the Patient.identifier system. */
export const MRN_SYSTEM = 'urn:medicare-hub:mrn';
/** Extensions this server defines (documented in docs/data.md). */
export const EXTENSION_BASE = 'urn:medicare-hub:fhir:StructureDefinition/';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

export const metaOf = (version: number, updatedAt: string): Meta => ({
  versionId: String(version),
  lastUpdated: updatedAt,
});

/**
 * The id a reference names, when it names a resource of `type` here: `Patient/<uuid>`, or the
 * absolute form under this server's base. Anything else is undefined.
 */
export function idOfReference(reference: Reference | undefined, type: string): string | undefined {
  const match = new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(reference?.reference ?? '');
  return match?.[1] && isUuid(match[1]) ? match[1] : undefined;
}

/** What every mapper from FHIR does first: the right type, and only elements this server keeps. */
export function requireShape(
  body: unknown,
  resourceType: string,
  allowed: readonly string[],
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fhirInvalid([{ path: resourceType, message: 'must be a JSON object (a FHIR resource)' }]);
  const resource = body as Record<string, unknown>;
  if (resource.resourceType !== resourceType)
    throw fhirInvalid([{ path: `${resourceType}.resourceType`, message: `must be ${resourceType}` }]);
  const extra = Object.keys(resource).filter((k) => k !== 'resourceType' && !allowed.includes(k));
  if (extra.length > 0) {
    throw new AppError('UNPROCESSABLE', 'The resource holds elements this server does not store', {
      issues: extra.map((k) => ({
        path: `${resourceType}.${k}`,
        message: 'is not stored by this server (docs/data.md)',
      })),
    });
  }
  return resource;
}

/** Issues of the domain (JSON pointers such as /birthDate) said as the FHIR elements they came from. */
export function renamed(error: unknown, elements: Record<string, string>, resourceType: string): unknown {
  if (!(error instanceof AppError) || !error.extra.issues) return error;
  const issues: ErrorIssue[] = error.extra.issues.map((i) => ({
    ...i,
    path: elements[i.path] ?? (i.path.startsWith('/') ? resourceType : i.path),
  }));
  return new AppError(error.code, error.message, { ...error.extra, issues });
}
