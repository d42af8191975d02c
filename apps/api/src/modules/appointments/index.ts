import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { ReminderScheduler } from '../reminders/index.js';
import { appointmentsRoutes } from './appointments.routes.js';
import { createAppointmentsService } from './appointments.service.js';

/** Deleting a patient hides their appointments too; practitioners' busy time comes from here. */
export {
  busyIntervals,
  softDeleteAppointmentsOfPatient as deleteAppointmentsOfPatient,
} from './appointments.repository.js';

/** The service itself, for the FHIR facade (modules/fhir): the same rules, scope and audit. */
export { createAppointmentsService, type AppointmentsService } from './appointments.service.js';

/** The API's rules for an appointment, for imports (modules/imports). */
export { toWrite as appointmentWriteOf } from './appointments.service.js';
export type { AppointmentWrite } from './appointments.repository.js';

/** The appointment service: /api/appointments. */
const appointmentsModule: FastifyPluginAsyncTypebox<{
  database: Database;
  /** Keeps each appointment's reminders in line with it (issue 17). */
  reminders?: ReminderScheduler;
}> = async (app, { database, reminders }) => {
  await app.register(appointmentsRoutes, { service: createAppointmentsService(database, reminders) });
};

export default appointmentsModule;
