import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { capabilityStatement } from '../capability.js';
import { baseOf, FhirResource } from '../http.js';

/** /fhir/R4/metadata: public, as FHIR clients read it before they sign in. */
export const fhirSystemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/metadata',
    {
      config: { public: true },
      schema: {
        tags: ['fhir'],
        summary:
          'FHIR CapabilityStatement: exactly the resources, interactions and search parameters offered',
        response: { 200: FhirResource },
      },
    },
    async (request) => capabilityStatement(baseOf(request)),
  );
};
