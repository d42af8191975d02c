import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import { createAppointmentTypesService } from './appointment-types.service.js';
import { appointmentTypesRoutes, slotsRoutes } from './scheduling.routes.js';
import { createSlotsService, type HeldIntervalsOf } from './slots.service.js';

export { findType as findAppointmentType } from './appointment-types.repository.js';
export { offers } from './appointment-types.service.js';
export type { HeldIntervalsOf };

/** /api/appointment-types: what can be booked (mounted with the appointment service). */
export const appointmentTypesModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (
  app,
  { database },
) => {
  await app.register(appointmentTypesRoutes, { service: createAppointmentTypesService(database) });
};

/** /api/slots: free times, from working hours, bookings and buffers. */
export const slotsModule: FastifyPluginAsyncTypebox<{
  database: Database;
  heldIntervals: HeldIntervalsOf;
  clock: Clock;
}> = async (app, { database, heldIntervals, clock }) => {
  await app.register(slotsRoutes, { service: createSlotsService(database, heldIntervals, clock) });
};
