import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { IdParams, ObservationInput } from '@medicare/contracts';
import type { Database } from '../../../db/client.js';
import { ownPatientOnly } from '../../../auth/scope.js';
import { AppError } from '../../../lib/errors.js';
import { contextOf } from '../../../plugins/auth.js';
import { patientOfObservation, type ObservationsService } from '../../observations/index.js';
import { pageUrl, searchset } from '../bundle.js';
import { baseOf, FhirResource, outcomes, selfOf, sendVersioned, type Pagers } from '../http.js';
import { isUuid, renamed } from '../mappers/common.js';
import { fromFhirObservation, OBSERVATION_ELEMENTS, toFhirObservation } from '../mappers/observation.js';
import { dateWindow, readParams, referenceParam, tokenParam } from '../search.js';
import { checkDomain, checkStructure } from '../validate.js';
import { notSupported } from '../outcome.js';
import { audited } from '../../../platform/audit.js';

const tags = ['fhir'];
const auditAs = { resourceType: 'observation' };
/** No such patient: the service's scope check then answers 404 and audits the attempt. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

const invalidSearch = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'The search is not valid', { issues: [{ path, message }] });

export const fhirObservationRoutes: FastifyPluginAsyncTypebox<{
  observations: ObservationsService;
  database: Pick<Database, 'db'>;
  pagers: Pagers;
}> = async (app, { observations, database, pagers }) => {
  app.get(
    '',
    {
      config: { permission: 'clinical.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Observation search (patient, code, date with ge/le, _sort=-date, _id, _count)',
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const params = readParams('Observation', request.query, request.headers.prefer);
      const self = selfOf(request);
      const sort = params.first('_sort');
      if (sort !== undefined && sort !== '-date')
        throw invalidSearch('_sort', 'only -date (newest first) is offered');
      const id = params.first('_id');
      // An id this server never issues matches nothing (and never reaches a query as a bad uuid).
      if (id !== undefined && !isUuid(id))
        return searchset(baseOf(request), { matches: [], self, total: 0, ignored: params.ignored });
      const given = referenceParam('patient', params.first('patient'), 'Patient');
      if (id !== undefined) {
        const patientId = (await patientOfObservation(database.db, id)) ?? NOBODY;
        const one = await observations.get(ctx, patientId, id).catch((error: unknown) => {
          if (error instanceof AppError && (error.statusCode === 404 || error.statusCode === 400))
            return undefined;
          throw error;
        });
        const found = one && (!given || one.patientId === given) ? [toFhirObservation(one)] : [];
        return searchset(baseOf(request), {
          matches: found,
          self,
          total: found.length,
          ignored: params.ignored,
        });
      }
      const patientId = given ?? ownPatientOnly(ctx, 'clinical.read');
      if (!patientId)
        throw invalidSearch('patient', 'is required (Patient/<id>): observations are searched per patient');
      const codeValue = params.first('code');
      const token = codeValue === undefined ? undefined : tokenParam(codeValue);
      const { from, to } = dateWindow('date', params.get('date'));
      const page =
        from && to && to <= from
          ? { items: [], nextCursor: null }
          : await observations.list(ctx, patientId, {
              code: token?.code.slice(0, 32),
              from: from?.toISOString(),
              to: to?.toISOString(),
              limit: params.count,
              cursor: pagers.open('Observation', params.cursor),
            });
      const items = page.items.filter((o) => token?.system === undefined || token.system === o.system);
      const next = pagers.seal('Observation', page.nextCursor);
      return searchset(baseOf(request), {
        matches: items.map(toFhirObservation),
        self,
        next: next && pageUrl(self, next),
        ignored: params.ignored,
      });
    },
  );

  app.post(
    '',
    {
      config: { permission: 'clinical.write', auditAs },
      schema: {
        tags,
        summary: 'FHIR Observation create (a supported code; units and plausible values as in /api)',
        body: FhirResource,
        response: { 201: FhirResource, ...outcomes(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const { patientId, input } = fromFhirObservation(request.body);
      const created = await observations
        .create(
          contextOf(request),
          patientId,
          checkDomain(ObservationInput, input, OBSERVATION_ELEMENTS, 'Observation'),
        )
        .catch((error: unknown) => Promise.reject(renamed(error, OBSERVATION_ELEMENTS, 'Observation')));
      void reply.header('location', `${baseOf(request)}/Observation/${created.id}`);
      return sendVersioned(reply, toFhirObservation(created), 201);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'clinical.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Observation read',
        params: IdParams,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const patientId = (await patientOfObservation(database.db, id)) ?? NOBODY;
      return sendVersioned(
        reply,
        toFhirObservation(await observations.get(contextOf(request), patientId, id)),
      );
    },
  );

  app.put(
    '/:id',
    {
      config: { permission: 'clinical.write', auditAs },
      schema: {
        tags,
        summary: 'FHIR Observation update: not offered (a wrong result is deleted and recorded again)',
        params: IdParams,
        body: FhirResource,
        response: { 405: Type.Object({}, { additionalProperties: true }), ...outcomes(400, 401, 403) },
      },
    },
    async (request) => {
      // Refused, but a call on patient data all the same: one audit event, as every other.
      const about = { action: 'update' as const, resourceType: 'observation', resourceId: request.params.id };
      return audited(database, contextOf(request), about, async () => {
        throw notSupported(
          'Observations are not edited here: delete the wrong one (DELETE /api/patients/{id}/observations/{obsId}) and record it again',
        );
      });
    },
  );
};
