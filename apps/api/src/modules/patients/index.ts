import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { patientsRoutes } from './patients.routes.js';
import { createPatientsService } from './patients.service.js';

/** The patient service: /api/patients. */
const patientsModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, { database }) => {
  await app.register(patientsRoutes, { service: createPatientsService(database) });
};

export default patientsModule;
