import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  Observation,
  ObservationInput,
  ObservationListQuery,
  ObservationPage,
  ObservationParams,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import type { ObservationsService } from './observations.service.js';

const tags = ['observations'];
const auditAs = { resourceType: 'observation', patientIdParam: 'id' };

export const observationsRoutes: FastifyPluginAsyncTypebox<{ service: ObservationsService }> = async (
  app,
  { service },
) => {
  app.get(
    '/:id/observations',
    {
      config: { permission: 'clinical.read', auditAs },
      schema: {
        tags,
        summary: 'A patient’s observations, newest first (clinicians, admins, the patient themself)',
        params: IdParams,
        querystring: ObservationListQuery,
        response: { 200: ObservationPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.list(contextOf(request), request.params.id, request.query),
  );

  app.post(
    '/:id/observations',
    {
      config: { permission: 'clinical.write', auditAs },
      schema: {
        tags,
        summary: 'Record a vital sign or lab result (clinicians, admins)',
        params: IdParams,
        body: ObservationInput,
        response: { 201: Observation, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const observation = await service.create(contextOf(request), request.params.id, request.body);
      return reply
        .code(201)
        .header('location', `/api/patients/${request.params.id}/observations/${observation.id}`)
        .send(observation);
    },
  );

  app.get(
    '/:id/observations/:obsId',
    {
      config: { permission: 'clinical.read', auditAs },
      schema: {
        tags,
        summary: 'Read an observation',
        params: ObservationParams,
        response: { 200: Observation, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.get(contextOf(request), request.params.id, request.params.obsId),
  );

  app.delete(
    '/:id/observations/:obsId',
    {
      config: { permission: 'clinical.write', auditAs },
      schema: {
        tags,
        summary: 'Delete an observation entered in error (soft)',
        params: ObservationParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), request.params.id, request.params.obsId);
      return reply.code(204).send(null);
    },
  );
};
