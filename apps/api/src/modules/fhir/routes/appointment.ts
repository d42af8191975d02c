import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  APPOINTMENT_STATUSES,
  AppointmentInput,
  IdParams,
  type AppointmentStatus,
} from '@medicare/contracts';
import { AppError } from '../../../lib/errors.js';
import { contextOf } from '../../../plugins/auth.js';
import type { AppointmentsService } from '../../appointments/index.js';
import { pageUrl, searchset } from '../bundle.js';
import { baseOf, FhirResource, outcomes, selfOf, sendVersioned, type Pagers } from '../http.js';
import { APPOINTMENT_ELEMENTS, fromFhirAppointment, toFhirAppointment } from '../mappers/appointment.js';
import { isUuid, renamed } from '../mappers/common.js';
import { dateWindow, readParams, referenceParam } from '../search.js';
import { checkDomain, checkStructure } from '../validate.js';

const tags = ['fhir'];
const auditAs = { resourceType: 'appointment' };

export const fhirAppointmentRoutes: FastifyPluginAsyncTypebox<{
  appointments: AppointmentsService;
  pagers: Pagers;
}> = async (app, { appointments, pagers }) => {
  const domain = (body: unknown) =>
    checkDomain(AppointmentInput, fromFhirAppointment(body), APPOINTMENT_ELEMENTS, 'Appointment');
  const fail = (error: unknown) => Promise.reject(renamed(error, APPOINTMENT_ELEMENTS, 'Appointment'));

  app.get(
    '',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Appointment search (patient, practitioner, date with ge/le, status, _id, _count)',
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const params = readParams('Appointment', request.query, request.headers.prefer);
      const self = selfOf(request);
      const id = params.first('_id');
      // An id this server never issues matches nothing (and never reaches a query as a bad uuid).
      if (id !== undefined && !isUuid(id))
        return searchset(baseOf(request), { matches: [], self, total: 0, ignored: params.ignored });
      if (id !== undefined) {
        const one = await appointments.get(ctx, id).catch((error: unknown) => {
          if (error instanceof AppError && error.statusCode === 404) return undefined;
          throw error;
        });
        const found = one ? [toFhirAppointment(one)] : [];
        return searchset(baseOf(request), {
          matches: found,
          self,
          total: found.length,
          ignored: params.ignored,
        });
      }
      const status = params.first('status');
      if (status !== undefined && !(APPOINTMENT_STATUSES as readonly string[]).includes(status)) {
        throw new AppError('VALIDATION_FAILED', 'The search is not valid', {
          issues: [{ path: 'status', message: `must be one of: ${APPOINTMENT_STATUSES.join(', ')}` }],
        });
      }
      const { from, to } = dateWindow('date', params.get('date'));
      const query = {
        practitionerId: referenceParam('practitioner', params.first('practitioner'), 'Practitioner'),
        status: status as AppointmentStatus | undefined,
        from: from?.toISOString(),
        to: to?.toISOString(),
        limit: params.count,
        cursor: pagers.open('Appointment', params.cursor),
      };
      const patientId = referenceParam('patient', params.first('patient'), 'Patient');
      const page =
        from && to && to <= from
          ? { items: [], nextCursor: null }
          : patientId
            ? await appointments.listForPatient(ctx, patientId, query)
            : await appointments.list(ctx, query);
      const next = pagers.seal('Appointment', page.nextCursor);
      return searchset(baseOf(request), {
        matches: page.items.map(toFhirAppointment),
        self,
        next: next && pageUrl(self, next),
        ignored: params.ignored,
      });
    },
  );

  app.post(
    '',
    {
      config: { permission: 'appointment.book', auditAs },
      schema: {
        tags,
        summary: 'FHIR Appointment create (booked unless status says otherwise; never double-booked)',
        body: FhirResource,
        response: { 201: FhirResource, ...outcomes(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const result = await appointments.create(contextOf(request), domain(request.body)).catch(fail);
      // A FHIR Appointment is one visit: the body carries no recurrence, so the answer is one appointment.
      if ('seriesId' in result && 'items' in result) throw new Error('a FHIR create made a series');
      const created = result;
      void reply.header('location', `${baseOf(request)}/Appointment/${created.id}`);
      return sendVersioned(reply, toFhirAppointment(created), 201);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Appointment read',
        params: IdParams,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      sendVersioned(reply, toFhirAppointment(await appointments.get(contextOf(request), request.params.id))),
  );

  app.put(
    '/:id',
    {
      config: { permission: 'appointment.read', auditAs },
      schema: {
        tags,
        summary: 'FHIR Appointment update; what a role may change follows /api (cancel, status, reschedule)',
        params: IdParams,
        body: FhirResource,
        response: { 200: FhirResource, ...outcomes(400, 401, 403, 404, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      checkStructure(request.body);
      const updated = await appointments
        .update(contextOf(request), request.params.id, domain(request.body), request.headers['if-match'])
        .catch(fail);
      return sendVersioned(reply, toFhirAppointment(updated));
    },
  );
};
