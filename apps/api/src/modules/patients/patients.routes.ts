import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AccessLogQuery,
  AuditPage,
  IdParams,
  Patient,
  PatientCreateQuery,
  PatientInput,
  PatientReplace,
  PatientListQuery,
  PatientPage,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import { etagOf } from '../../lib/versioning.js';
import type { PatientsService } from './patients.service.js';

const tags = ['patients'];
const auditAs = { resourceType: 'patient', patientIdParam: 'id' };

export const patientsRoutes: FastifyPluginAsyncTypebox<{ service: PatientsService }> = async (
  app,
  { service },
) => {
  app.get(
    '',
    {
      config: { permission: 'patient.search', auditAs },
      schema: {
        tags,
        summary: 'Search and list patients (a patient sees only themself)',
        querystring: PatientListQuery,
        response: { 200: PatientPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => service.list(contextOf(request), request.query),
  );

  app.post(
    '',
    {
      config: { permission: 'patient.create', auditAs },
      schema: {
        tags,
        summary: 'Register a patient (admin, front desk)',
        querystring: PatientCreateQuery,
        body: PatientInput,
        response: { 201: Patient, ...errors(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const patient = await service.create(contextOf(request), request.body, {
        allowDuplicate: request.query.allowDuplicate,
      });
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
      config: { permission: 'patient.read', auditAs },
      schema: {
        tags,
        summary: 'Read a patient',
        params: IdParams,
        response: { 200: Patient, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const patient = await service.get(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(patient.version)).send(patient);
    },
  );

  app.put(
    '/:id',
    {
      config: { permission: 'patient.update', auditAs },
      schema: {
        tags,
        summary: 'Replace a patient’s details; send If-Match with the ETag you read (admin, front desk)',
        params: IdParams,
        body: PatientReplace,
        response: { 200: Patient, ...errors(400, 401, 403, 404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const patient = await service.update(
        contextOf(request),
        request.params.id,
        request.body,
        request.headers['if-match'],
      );
      return reply.header('etag', etagOf(patient.version)).send(patient);
    },
  );

  app.delete(
    '/:id',
    {
      config: { permission: 'patient.delete', auditAs },
      schema: {
        tags,
        summary: 'Delete a patient (soft: the record and its appointments are hidden, not erased; admin)',
        params: IdParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/access-log',
    {
      config: {
        permission: 'patient.accessLog',
        auditAs: { resourceType: 'access_log', patientIdParam: 'id' },
      },
      schema: {
        tags,
        summary: 'Who saw or changed this record, and when (the patient themself, admins)',
        params: IdParams,
        querystring: AccessLogQuery,
        response: { 200: AuditPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.accessLog(contextOf(request), request.params.id, request.query),
  );
};
