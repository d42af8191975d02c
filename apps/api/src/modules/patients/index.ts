import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { patientsRoutes } from './patients.routes.js';
import { createPatientsService } from './patients.service.js';

/** The patient service: /api/patients. */
const patientsModule: FastifyPluginAsyncTypebox<{ database: Database; clinicLocale?: string }> = async (
  app,
  { database, clinicLocale },
) => {
  await app.register(patientsRoutes, { service: createPatientsService(database, { clinicLocale }) });
};

export default patientsModule;
