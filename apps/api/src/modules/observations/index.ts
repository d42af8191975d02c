import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import { observationsRoutes } from './observations.routes.js';
import { createObservationsService } from './observations.service.js';

/** A patient's latest values (the risk score and the assistant read them). */
export { latestObservations } from './observations.repository.js';

/** /api/patients/:id/observations (the patients service: everything under a patient). */
const observationsModule: FastifyPluginAsyncTypebox<{ database: Database; clock?: Clock }> = async (
  app,
  { database, clock },
) => {
  await app.register(observationsRoutes, { service: createObservationsService(database, clock) });
};

export default observationsModule;
