import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registerDocumentStore, type DocumentsOptions } from '../documents/index.js';
import { knowledgeRoutes } from './knowledge.routes.js';

/** /api/knowledge (core): the same upload pipeline as patients' documents, with no patient. */
const knowledgeModule: FastifyPluginAsyncTypebox<DocumentsOptions> = async (app, options) => {
  await registerDocumentStore(app, options, 'knowledge', async (service) => {
    await app.register(knowledgeRoutes, { service, storage: options.storage, maxBytes: options.maxBytes });
  });
};

export default knowledgeModule;
