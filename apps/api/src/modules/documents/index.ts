import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Storage } from '../../storage/index.js';
import { documentsRoutes } from './documents.routes.js';
import { createDocumentsService } from './documents.service.js';
import { embedderFor } from '../../platform/embeddings.js';
import { createIndexer } from './extract.js';

/** The knowledge base reuses the pipeline; the assistant retrieves passages. */
export { createDocumentsService, type DocumentsService } from './documents.service.js';
export { createIndexer } from './extract.js';
export { FileBody, Redirect, sendDelivery, UPLOAD_HELP, UPLOAD_TIMEOUT_MS } from './documents.routes.js';
export { multipartReceiver } from './upload.js';
export { hasPgvector, searchByEmbedding, searchChunks, type ChunkHit } from './documents.repository.js';

export type DocumentsOptions = {
  database: Database;
  storage: Storage;
  maxBytes: number;
  embeddings?: Config['assistant']['embeddings'];
};

/** /api/patients/:id/documents (the patients service: everything under a patient). */
const documentsModule: FastifyPluginAsyncTypebox<DocumentsOptions> = async (app, options) => {
  const { database, storage, maxBytes } = options;
  // Encapsulated here: only the upload routes parse multipart bodies.
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 4 } });
  const indexer = createIndexer({
    database,
    storage,
    log: app.log,
    embedder: embedderFor(options.embeddings),
  });
  const service = createDocumentsService({ database, storage, indexer, kind: 'patients' });
  await app.register(documentsRoutes, { service, storage, maxBytes });
  app.addHook(
    'onReady',
    async () => void indexer.sweep(false).catch((err: unknown) => app.log.error({ err }, 'sweep failed')),
  );
  app.addHook('onClose', () => indexer.close());
};

export default documentsModule;
