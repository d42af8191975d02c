import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { appointmentsRoutes } from './appointments.routes.js';
import { createAppointmentsService, type AppointmentsDeps } from './appointments.service.js';

/** Deleting a patient hides their appointments too; practitioners' busy and held time comes from here. */
export {
  busyIntervals,
  heldIntervals,
  softDeleteAppointmentsOfPatient as deleteAppointmentsOfPatient,
} from './appointments.repository.js';
export type { AppointmentHooks } from './lifecycle.js';

/** The service itself, for the FHIR facade (modules/fhir): the same rules, scope and audit. */
export {
  createAppointmentsService,
  type AppointmentsDeps,
  type AppointmentsService,
} from './appointments.service.js';

/** The API's rules for an appointment, for imports (modules/imports). */
export { toWrite as appointmentWriteOf } from './appointments.service.js';
export type { AppointmentWrite } from './appointments.repository.js';

/** The appointment service: /api/appointments. */
const appointmentsModule: FastifyPluginAsyncTypebox<{ database: Database } & AppointmentsDeps> = async (
  app,
  { database, ...deps },
) => {
  await app.register(appointmentsRoutes, { service: createAppointmentsService(database, deps) });
};

export default appointmentsModule;
