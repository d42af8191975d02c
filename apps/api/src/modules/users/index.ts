import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import type { Revocations } from '../../auth/revocations.js';
import type { Lockout } from '../auth/lockout.js';
import { usersRoutes } from './users.routes.js';
import { createUsersService } from './users.service.js';

/** /api/users (core, admin only). */
const usersModule: FastifyPluginAsyncTypebox<{
  database: Database;
  clock: Clock;
  revocations: Revocations;
  lockout: Lockout;
}> = async (app, deps) => {
  await app.register(usersRoutes, { service: createUsersService(deps) });
};

export default usersModule;
