import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  Appointment,
  AppointmentInput,
  AppointmentList,
  Attendance,
  CancelInput,
  MoveInput,
  SeriesCreated,
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
        summary:
          'Book an appointment, or with `recurrence` a series (201 { seriesId, items, skipped }); 409 APPOINTMENT_CONFLICT names every clash, 422 OUTSIDE_AVAILABILITY unless staff override',
        body: AppointmentInput,
        response: { 201: Type.Union([Appointment, SeriesCreated]), ...errors(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await service.create(contextOf(request), request.body);
      if ('seriesId' in created && 'items' in created) {
        return reply
          .code(201)
          .header('location', `/api/appointments?seriesId=${created.seriesId}`)
          .send(created);
      }
      return reply
        .code(201)
        .header('location', `/api/appointments/${created.id}`)
        .header('etag', etagOf(created.version))
        .send(created);
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
    '/patient/:patientId/attendance',
    {
      config: {
        permission: 'appointment.attendance',
        auditAs: { resourceType: 'appointment', patientIdParam: 'patientId' },
      },
      schema: {
        tags,
        summary: 'How often a patient did not come (no-shows)',
        params: AppointmentPatientParams,
        response: { 200: Attendance, ...errors(400, 404) },
      },
    },
    async (request) => service.attendance(contextOf(request), request.params.patientId),
  );

  app.post(
    '/:id/cancel',
    {
      config: { permission: 'appointment.cancel', auditAs },
      schema: {
        tags,
        summary:
          'Cancel, with an optional reason; scope `following` or `all` for a series. A patient, up to the cut-off (else 422 CANCELLATION_WINDOW_PASSED)',
        params: IdParams,
        body: CancelInput,
        response: { 200: AppointmentList, ...errors(400, 403, 404, 413, 415, 422) },
      },
    },
    async (request) => service.cancel(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/undo-cancel',
    {
      config: { permission: 'appointment.cancel', auditAs },
      schema: {
        tags,
        summary:
          'Undo a cancellation within 10 minutes (every occurrence it cancelled), if the time is still free (else 409)',
        params: IdParams,
        response: { 200: AppointmentList, ...errors(400, 403, 404, 409, 422) },
      },
    },
    async (request) => service.undoCancel(contextOf(request), request.params.id),
  );

  app.post(
    '/:id/move',
    {
      config: { permission: 'appointment.reschedule', auditAs },
      schema: {
        tags,
        summary:
          'Reschedule (scope `following` or `all` moves those occurrences by the same wall-clock change); a patient, up to the cut-off and into free slots only',
        params: IdParams,
        body: MoveInput,
        response: { 200: AppointmentList, ...errors(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => service.move(contextOf(request), request.params.id, request.body),
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
