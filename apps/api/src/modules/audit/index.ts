import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { auditRoutes } from './audit.routes.js';
import { createAuditService } from './audit.service.js';

/** /api/audit (core). */
const auditModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, { database }) => {
  await app.register(auditRoutes, { service: createAuditService(database) });
};

export default auditModule;
