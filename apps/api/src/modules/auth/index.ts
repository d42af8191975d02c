import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import type { AuthService } from './auth.service.js';
import { authRoutes } from './auth.routes.js';

export { jwksRoute } from './auth.routes.js';
export { createAuthService } from './auth.service.js';
export { createLockout } from './lockout.js';
/** Deactivating a user ends their sessions (passed to the users module by app.ts). */
export { revokeSessionsOfUser } from './auth.repository.js';

/** /api/auth (core): sign-in, refresh, sign-out, me. */
const authModule: FastifyPluginAsyncTypebox<{ service: AuthService }> = async (app, { service }) => {
  await app.register(cookie);
  await app.register(authRoutes, { service });
};

export default authModule;
