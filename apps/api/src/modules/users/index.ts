import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../auth/principal.js';
import type { Revocations } from '../../auth/revocations.js';
import { usersRoutes } from './users.routes.js';
import { createUsersService, type LockLifter, type RevokeSessionsOf } from './users.service.js';

export { toUser } from './users.service.js';
/** The first admin at start-up (db/bootstrap-users.ts). */
export { countUsers, insertUser } from './users.repository.js';
/** Setting one's own password (auth). */
export { updateUser } from './users.repository.js';

/** /api/users (core, admin only). */
const usersModule: FastifyPluginAsyncTypebox<{
  database: Database;
  clock: Clock;
  revokeSessions: RevokeSessionsOf;
  revocations: Revocations;
  lockout: LockLifter;
}> = async (app, deps) => {
  await app.register(usersRoutes, { service: createUsersService(deps) });
};

export default usersModule;
