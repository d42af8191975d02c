import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Storage } from '../../storage/index.js';
import { createDocumentsService, createIndexer } from '../documents/index.js';
import { embedderFor } from '../../platform/embeddings.js';
import { knowledgeRoutes } from './knowledge.routes.js';

/** /api/knowledge (core): the same upload pipeline as patients' documents, with no patient. */
const knowledgeModule: FastifyPluginAsyncTypebox<{
  database: Database;
  storage: Storage;
  maxBytes: number;
  embeddings?: Config['assistant']['embeddings'];
}> = async (app, options) => {
  const { database, storage, maxBytes } = options;
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 4 } });
  const indexer = createIndexer({
    database,
    storage,
    log: app.log,
    embedder: embedderFor(options.embeddings),
  });
  const service = createDocumentsService({ database, storage, indexer, kind: 'knowledge' });
  await app.register(knowledgeRoutes, { service, storage, maxBytes });
  app.addHook(
    'onReady',
    async () => void indexer.sweep(true).catch((err: unknown) => app.log.error({ err }, 'sweep failed')),
  );
  app.addHook('onClose', () => indexer.close());
};

export default knowledgeModule;
