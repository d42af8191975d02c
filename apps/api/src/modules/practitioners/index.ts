import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { practitionersRoutes } from './practitioners.routes.js';
import { createPractitionersService } from './practitioners.service.js';

/** /api/practitioners: mounted with the appointment service, which books their time. */
const practitionersModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, { database }) => {
  await app.register(practitionersRoutes, { service: createPractitionersService(database) });
};

export default practitionersModule;
