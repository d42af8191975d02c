import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import { observationsRoutes } from './observations.routes.js';
import { createObservationsService } from './observations.service.js';

/** A patient's latest values (the risk score and the assistant read them). */
export { latestObservations } from './observations.repository.js';
/** The service itself, and whose an observation is (FHIR reads Observation/{id} without the patient in the path). */
export { createObservationsService, type ObservationsService } from './observations.service.js';
export { patientOfObservation } from './observations.repository.js';

/** The API's check and unit conversion of one value, for imports (modules/imports). */
export { normalize as normalizeObservation } from './catalogue.js';

/** /api/patients/:id/observations (the patients service: everything under a patient). */
const observationsModule: FastifyPluginAsyncTypebox<{ database: Database; clock?: Clock }> = async (
  app,
  { database, clock },
) => {
  await app.register(observationsRoutes, { service: createObservationsService(database, clock) });
};

export default observationsModule;
