import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParams,
  Patient,
  PatientCreateQuery,
  PatientInput,
  PatientListQuery,
  PatientPage,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { etagOf } from '../../lib/versioning.js';
import type { PatientsService } from './patients.service.js';

const tags = ['patients'];

export const patientsRoutes: FastifyPluginAsyncTypebox<{ service: PatientsService }> = async (
  app,
  { service },
) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Search and list patients',
        querystring: PatientListQuery,
        response: { 200: PatientPage, ...errors(400) },
      },
    },
    async (request) => service.list(request.query),
  );

  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Register a patient',
        querystring: PatientCreateQuery,
        body: PatientInput,
        response: { 201: Patient, ...errors(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const patient = await service.create(request.body, { allowDuplicate: request.query.allowDuplicate });
      return reply
        .code(201)
        .header('location', `/api/patients/${patient.id}`)
        .header('etag', etagOf(patient.version))
        .send(patient);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Read a patient',
        params: IdParams,
        response: { 200: Patient, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const patient = await service.get(request.params.id);
      return reply.header('etag', etagOf(patient.version)).send(patient);
    },
  );

  app.put(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Replace a patient’s details (send If-Match with the ETag you read)',
        params: IdParams,
        body: PatientInput,
        response: { 200: Patient, ...errors(400, 404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const patient = await service.update(request.params.id, request.body, request.headers['if-match']);
      return reply.header('etag', etagOf(patient.version)).send(patient);
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Delete a patient (soft: the record and its appointments are hidden, not erased)',
        params: IdParams,
        response: { 204: NoContent, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  );
};
