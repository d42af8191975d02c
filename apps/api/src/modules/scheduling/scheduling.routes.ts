import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AppointmentType,
  AppointmentTypeInput,
  AppointmentTypeListQuery,
  AppointmentTypePage,
  AppointmentTypeReplace,
  IdParams,
  SlotList,
  SlotQuery,
} from '@medicare/contracts';
import { errors } from '../../lib/http.js';
import { etagOf } from '../../lib/versioning.js';
import { contextOf } from '../../plugins/auth.js';
import type { AppointmentTypesService } from './appointment-types.service.js';
import type { SlotsService } from './slots.service.js';

/** /api/appointment-types */
export const appointmentTypesRoutes: FastifyPluginAsyncTypebox<{ service: AppointmentTypesService }> = async (
  app,
  { service },
) => {
  const tags = ['appointment types'];
  app.get(
    '',
    {
      config: { permission: 'appointmentType.read' },
      schema: {
        tags,
        summary: 'List appointment types (a patient sees the active, self-bookable ones)',
        querystring: AppointmentTypeListQuery,
        response: { 200: AppointmentTypePage, ...errors(400) },
      },
    },
    async (request) => service.list(contextOf(request), request.query),
  );

  app.post(
    '',
    {
      config: { permission: 'appointmentType.write' },
      schema: {
        tags,
        summary: 'Add an appointment type (practitionerIds empty or left out: every practitioner offers it)',
        body: AppointmentTypeInput,
        response: { 201: AppointmentType, ...errors(400, 413, 415) },
      },
    },
    async (request, reply) => {
      const type = await service.create(request.body);
      return reply
        .code(201)
        .header('location', `/api/appointment-types/${type.id}`)
        .header('etag', etagOf(type.version))
        .send(type);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'appointmentType.read' },
      schema: {
        tags,
        summary: 'Read an appointment type',
        params: IdParams,
        response: { 200: AppointmentType, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const type = await service.get(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(type.version)).send(type);
    },
  );

  app.put(
    '/:id',
    {
      config: { permission: 'appointmentType.write' },
      schema: {
        tags,
        summary: 'Replace an appointment type (If-Match honoured; booked appointments keep their times)',
        params: IdParams,
        body: AppointmentTypeReplace,
        response: { 200: AppointmentType, ...errors(400, 404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const type = await service.update(request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', etagOf(type.version)).send(type);
    },
  );
};

/** /api/slots */
export const slotsRoutes: FastifyPluginAsyncTypebox<{ service: SlotsService }> = async (app, { service }) => {
  app.get(
    '',
    {
      config: { permission: 'slot.read' },
      schema: {
        tags: ['slots'],
        summary:
          'Free start times of a type in [from, to) (at most 31 days), in start order; without practitionerId, across everyone who offers it',
        querystring: SlotQuery,
        response: { 200: SlotList, ...errors(400, 404) },
      },
    },
    async (request) => service.find(contextOf(request), request.query),
  );
};
