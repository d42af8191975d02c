import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, OutboxPage, OutboxQuery, ReminderList } from '@medicare/contracts';
import { errors } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import type { RemindersService } from './reminders.service.js';

/** Under /api/appointments: an appointment's reminders, read as the appointment is. */
export const appointmentRemindersRoutes: FastifyPluginAsyncTypebox<{ service: RemindersService }> = async (
  app,
  { service },
) => {
  app.get(
    '/:id/reminders',
    {
      config: { permission: 'appointment.read', auditAs: { resourceType: 'appointment' } },
      schema: {
        tags: ['appointments'],
        summary: 'An appointment’s reminders: channel, when due, delivery status',
        params: IdParams,
        response: { 200: ReminderList, ...errors(400, 404) },
      },
    },
    async (request) => service.ofAppointment(contextOf(request), request.params.id),
  );
};

/** /api/appointment-reminders: the outbox the desk reads when no SMTP or SMS provider is configured. */
export const outboxRoutes: FastifyPluginAsyncTypebox<{ service: RemindersService }> = async (
  app,
  { service },
) => {
  app.get(
    '/outbox',
    {
      config: { permission: 'reminder.outbox', auditAs: { resourceType: 'reminder' } },
      schema: {
        tags: ['reminders'],
        summary: 'Reminders kept for the desk to pass on (embedded mode), newest first',
        querystring: OutboxQuery,
        response: { 200: OutboxPage, ...errors(400) },
      },
    },
    async (request) => service.outbox(contextOf(request), request.query),
  );
};
