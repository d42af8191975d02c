import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, PractitionerInput } from '@medicare/contracts';
import { AppError } from '../../../lib/errors.js';
import type { PractitionersService } from '../../practitioners/index.js';
import { pageUrl, searchset } from '../bundle.js';
import { baseOf, FhirResource, outcomes, selfOf, sendVersioned, type Pagers } from '../http.js';
import { isUuid, renamed } from '../mappers/common.js';
import { fromFhirPractitioner, PRACTITIONER_ELEMENTS, toFhirPractitioner } from '../mappers/practitioner.js';
import { readParams } from '../search.js';
import { checkDomain, checkStructure } from '../validate.js';

const tags = ['fhir'];

/** Practitioners are not patient data: no audit events, as in /api/practitioners. */
export const fhirPractitionerRoutes: FastifyPluginAsyncTypebox<{
  practitioners: PractitionersService;
  pagers: Pagers;
}> = async (app, { practitioners, pagers }) => {
  const domain = (body: unknown) =>
    checkDomain(PractitionerInput, fromFhirPractitioner(body), PRACTITIONER_ELEMENTS, 'Practitioner');

  app.get(
    '',
    {
      config: { permission: 'practitioner.read' },
      schema: {
        tags,
        summary: 'FHIR Practitioner search (_id, _count)',
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 200: FhirResource, ...outcomes(400, 401, 403) },
      },
    },
    async (request) => {
      const params = readParams('Practitioner', request.query, request.headers.prefer);
      const self = selfOf(request);
      const id = params.first('_id');
      // An id this server never issues matches nothing (and never reaches a query as a bad uuid).
      if (id !== undefined && !isUuid(id))
        return searchset(baseOf(request), { matches: [], self, total: 0, ignored: params.ignored });
      if (id !== undefined) {
        const one = await practitioners.get(id).catch((error: unknown) => {
          if (error instanceof AppError && (error.statusCode === 404 || error.statusCode === 400))
            return undefined;
          throw error;
        });
        const found = one ? [toFhirPractitioner(one)] : [];
        return searchset(baseOf(request), {
          matches: found,
          self,
          total: found.length,
          ignored: params.ignored,
        });
      }
      const page = await practitioners.list({
        limit: params.count,
        cursor: pagers.open('Practitioner', params.cursor),
      });
      const next = pagers.seal('Practitioner', page.nextCursor);
      return searchset(baseOf(request), {
        matches: page.items.map(toFhirPractitioner),
        self,
        next: next && pageUrl(self, next),
        ignored: params.ignored,
      });
    },
  );

  app.post(
    '',
    {
      config: { permission: 'practitioner.write' },
      schema: {
        tags,
        summary: 'FHIR Practitioner create',
        body: FhirResource,
        response: { 201: FhirResource, ...outcomes(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const created = await practitioners
        .create(domain(request.body))
        .catch((error: unknown) => Promise.reject(renamed(error, PRACTITIONER_ELEMENTS, 'Practitioner')));
      void reply.header('location', `${baseOf(request)}/Practitioner/${created.id}`);
      return sendVersioned(reply, toFhirPractitioner(created), 201);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'practitioner.read' },
      schema: {
        tags,
        summary: 'FHIR Practitioner read',
        params: IdParams,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, toFhirPractitioner(await practitioners.get(request.params.id))),
  );

  app.put(
    '/:id',
    {
      config: { permission: 'practitioner.write' },
      schema: {
        tags,
        summary: 'FHIR Practitioner update; send If-Match with the ETag you read',
        params: IdParams,
        body: FhirResource,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const updated = await practitioners
        .update(request.params.id, domain(request.body), request.headers['if-match'])
        .catch((error: unknown) => Promise.reject(renamed(error, PRACTITIONER_ELEMENTS, 'Practitioner')));
      return sendVersioned(reply, toFhirPractitioner(updated));
    },
  );
};
