import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import { usersRoutes } from './users.routes.js';
import { createUsersService } from './users.service.js';

/** /api/users (core, admin only). */
const usersModule: FastifyPluginAsyncTypebox<{ database: Database; clock: Clock }> = async (
  app,
  { database, clock },
) => {
  await app.register(usersRoutes, { service: createUsersService({ database, clock }) });
};

export default usersModule;
