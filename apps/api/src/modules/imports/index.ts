import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Database } from '../../db/client.js';
import { importsRoutes } from './imports.routes.js';
import { createImportsService } from './imports.service.js';

/** The import engine and the SQLite migration, for `npm run import` (scripts/import) and the bench. */
export { runImport, type ImportOptions, type SourceData } from './engine.js';
export { importSqlite, mappingFrom, MappingError, DEFAULT_MAPPING, type SqliteImport } from './sqlite.js';
export { reportMarkdown } from './report.js';

/** /api/imports (core): the admins' CSV import of patients. */
const importsModule: FastifyPluginAsyncTypebox<{ database: Database }> = async (app, { database }) => {
  await app.register(importsRoutes, { service: createImportsService(database) });
};

export default importsModule;
