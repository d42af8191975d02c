import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Availability,
  AvailabilityInput,
  BusyIntervals,
  BusyQuery,
  IdParams,
  Practitioner,
  PractitionerInput,
  PractitionerReplace,
  PractitionerListQuery,
  PractitionerPage,
} from '@medicare/contracts';
import { errors } from '../../lib/http.js';
import { etagOf } from '../../lib/versioning.js';
import type { PractitionersService } from './practitioners.service.js';

const tags = ['practitioners'];

export const practitionersRoutes: FastifyPluginAsyncTypebox<{ service: PractitionersService }> = async (
  app,
  { service },
) => {
  app.get(
    '',
    {
      config: { permission: 'practitioner.read' },
      schema: {
        tags,
        summary: 'List practitioners',
        querystring: PractitionerListQuery,
        response: { 200: PractitionerPage, ...errors(400) },
      },
    },
    async (request) => service.list(request.query),
  );

  app.post(
    '',
    {
      config: { permission: 'practitioner.write' },
      schema: {
        tags,
        summary: 'Add a practitioner',
        body: PractitionerInput,
        response: { 201: Practitioner, ...errors(400, 413, 415) },
      },
    },
    async (request, reply) => {
      const practitioner = await service.create(request.body);
      return reply
        .code(201)
        .header('location', `/api/practitioners/${practitioner.id}`)
        .header('etag', etagOf(practitioner.version))
        .send(practitioner);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'practitioner.read' },
      schema: {
        tags,
        summary: 'Read a practitioner',
        params: IdParams,
        response: { 200: Practitioner, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const practitioner = await service.get(request.params.id);
      return reply.header('etag', etagOf(practitioner.version)).send(practitioner);
    },
  );

  app.put(
    '/:id',
    {
      config: { permission: 'practitioner.write' },
      schema: {
        tags,
        summary: 'Replace a practitioner’s details (If-Match honoured)',
        params: IdParams,
        body: PractitionerReplace,
        response: { 200: Practitioner, ...errors(400, 404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const practitioner = await service.update(request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', etagOf(practitioner.version)).send(practitioner);
    },
  );

  app.get(
    '/:id/busy',
    {
      config: { permission: 'practitioner.read' },
      schema: {
        tags,
        summary: 'When a practitioner is taken (times only), to pick a free slot',
        params: IdParams,
        querystring: BusyQuery,
        response: { 200: BusyIntervals, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.busy(request.params.id, request.query),
  );

  app.get(
    '/:id/availability',
    {
      config: { permission: 'availability.read' },
      schema: {
        tags,
        summary: 'Working hours: weekly ranges and dated exceptions, in the practitioner’s time zone',
        params: IdParams,
        response: { 200: Availability, ...errors(400, 404) },
      },
    },
    async (request) => service.availability(request.params.id),
  );

  app.put(
    '/:id/availability',
    {
      config: { permission: 'availability.write' },
      schema: {
        tags,
        summary: 'Set working hours (replaces them all; an exception with no ranges closes that day)',
        params: IdParams,
        body: AvailabilityInput,
        response: { 200: Availability, ...errors(400, 404, 413, 415) },
      },
    },
    async (request) => service.setAvailability(request.params.id, request.body),
  );
};
