import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  Appointment,
  AppointmentInput,
  AppointmentReplace,
  AppointmentListQuery,
  AppointmentPage,
  AppointmentPatientParams,
  IdParams,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import { etagOf } from '../../lib/versioning.js';
import type { AppointmentsService } from './appointments.service.js';

const tags = ['appointments'];
const auditAs = { resourceType: 'appointment' };
const { patientId: _omit, ...patientListFields } = AppointmentListQuery.properties;
const PatientAppointmentsQuery = Type.Object(patientListFields, { additionalProperties: false });

export const appointmentsRoutes: FastifyPluginAsyncTypebox<{ service: AppointmentsService }> = async (
  app,
  { service },
) => {
  app.get(
    '',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'List appointments overlapping [from, to), in start order',
        querystring: AppointmentListQuery,
        response: { 200: AppointmentPage, ...errors(400) },
      },
    },
    async (request) => service.list(contextOf(request), request.query),
  );

  app.post(
    '',
    {
      config: { permission: 'appointment.book', auditAs },
      schema: {
        tags,
        summary: 'Book an appointment (409 APPOINTMENT_CONFLICT when the slot is taken)',
        body: AppointmentInput,
        response: { 201: Appointment, ...errors(400, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const appointment = await service.create(contextOf(request), request.body);
      return reply
        .code(201)
        .header('location', `/api/appointments/${appointment.id}`)
        .header('etag', etagOf(appointment.version))
        .send(appointment);
    },
  );

  app.get(
    '/patient/:patientId',
    {
      config: {
        permission: 'appointment.read',
        auditAs: { resourceType: 'appointment', patientIdParam: 'patientId' },
      },
      schema: {
        tags,
        summary: 'A patient’s appointments (404 for an unknown patient)',
        params: AppointmentPatientParams,
        querystring: PatientAppointmentsQuery,
        response: { 200: AppointmentPage, ...errors(400, 404) },
      },
    },
    async (request) => service.listForPatient(contextOf(request), request.params.patientId, request.query),
  );

  app.get(
    '/:id',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'Read an appointment',
        params: IdParams,
        response: { 200: Appointment, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const appointment = await service.get(contextOf(request), request.params.id);
      return reply.header('etag', etagOf(appointment.version)).send(appointment);
    },
  );

  app.put(
    '/:id',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'Reschedule or change an appointment, including its status (If-Match honoured)',
        params: IdParams,
        body: AppointmentReplace,
        response: { 200: Appointment, ...errors(400, 404, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const appointment = await service.update(
        contextOf(request),
        request.params.id,
        request.body,
        request.headers['if-match'],
      );
      return reply.header('etag', etagOf(appointment.version)).send(appointment);
    },
  );

  app.delete(
    '/:id',
    {
      config: { permission: 'appointment.delete', auditAs },
      schema: {
        tags,
        summary: 'Delete an appointment (soft; to keep a record of it, set status cancelled instead)',
        params: IdParams,
        response: { 204: NoContent, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
