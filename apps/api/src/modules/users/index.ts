import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import { usersRoutes } from './users.routes.js';
import { createUsersService, type RevokeSessionsOf } from './users.service.js';

export { toUser } from './users.service.js';
/** The first admin at start-up (db/bootstrap-users.ts). */
export { countUsers, insertUser } from './users.repository.js';

/** /api/users (core, admin only). */
const usersModule: FastifyPluginAsyncTypebox<{
  database: Database;
  clock: Clock;
  revokeSessions: RevokeSessionsOf;
}> = async (app, { database, clock, revokeSessions }) => {
  await app.register(usersRoutes, { service: createUsersService({ database, clock, revokeSessions }) });
};

export default usersModule;
