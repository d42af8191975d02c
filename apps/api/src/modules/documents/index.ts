import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Storage } from '../../storage/index.js';
import { documentsRoutes } from './documents.routes.js';
import { createDocumentsService, type DocumentsService } from './documents.service.js';
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

/**
 * A document store's plugin body: multipart parsing (encapsulated: only its upload routes parse
 * multipart), the text-extraction indexer and its sweep of what a restart left pending, and the service
 * its routes get. Patients' documents and the knowledge base (`kind`) differ only in their routes.
 */
export async function registerDocumentStore(
  app: FastifyInstance,
  options: DocumentsOptions,
  kind: 'patients' | 'knowledge',
  register: (service: DocumentsService) => Promise<void>,
): Promise<void> {
  const { database, storage, maxBytes } = options;
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 4 } });
  const indexer = createIndexer({
    database,
    storage,
    log: app.log,
    embedder: embedderFor(options.embeddings),
  });
  await register(createDocumentsService({ database, storage, indexer, kind }));
  app.addHook(
    'onReady',
    async () =>
      void indexer
        .sweep(kind === 'knowledge')
        .catch((err: unknown) => app.log.error({ err }, 'sweep failed')),
  );
  app.addHook('onClose', () => indexer.close());
}

/** /api/patients/:id/documents (the patients service: everything under a patient). */
const documentsModule: FastifyPluginAsyncTypebox<DocumentsOptions> = async (app, options) => {
  await registerDocumentStore(app, options, 'patients', async (service) => {
    await app.register(documentsRoutes, { service, storage: options.storage, maxBytes: options.maxBytes });
  });
};

export default documentsModule;
