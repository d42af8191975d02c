import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DocumentContentQuery,
  DocumentListQuery,
  DocumentMeta,
  DocumentPage,
  KnowledgeParams,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import type { Storage } from '../../storage/index.js';
import {
  FileBody,
  multipartReceiver,
  Redirect,
  sendDelivery,
  UPLOAD_HELP,
  UPLOAD_TIMEOUT_MS,
  type DocumentsService,
} from '../documents/index.js';

const tags = ['knowledge'];
const auditAs = { resourceType: 'knowledge_document' };

/** /api/knowledge/documents: the clinic's guidelines and leaflets the assistant retrieves from. */
export const knowledgeRoutes: FastifyPluginAsyncTypebox<{
  service: DocumentsService;
  storage: Storage;
  maxBytes: number;
}> = async (app, { service, storage, maxBytes }) => {
  app.post(
    '/documents',
    {
      // A 20 MB file on a slow link takes longer than the API's usual request timeout.
      handlerTimeout: UPLOAD_TIMEOUT_MS,
      config: { permission: 'knowledge.write', auditAs },
      schema: {
        tags,
        summary: 'Add a document to the clinic’s knowledge base (admins)',
        description: `${UPLOAD_HELP}; at most ${maxBytes} bytes (413 beyond).`,
        consumes: ['multipart/form-data'],
        response: { 201: DocumentMeta, ...errors(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const doc = await service.upload(
        contextOf(request),
        null,
        multipartReceiver(request, storage, maxBytes),
      );
      return reply.code(201).header('location', `/api/knowledge/documents/${doc.id}`).send(doc);
    },
  );

  app.get(
    '/documents',
    {
      config: { permission: 'knowledge.read', auditAs },
      schema: {
        tags,
        summary: 'The knowledge base, newest first (anyone signed in)',
        querystring: DocumentListQuery,
        response: { 200: DocumentPage, ...errors(400, 401) },
      },
    },
    async (request) => service.list(contextOf(request), null, request.query),
  );

  app.get(
    '/documents/:docId',
    {
      config: { permission: 'knowledge.read', auditAs },
      schema: {
        tags,
        summary: 'A knowledge-base document’s metadata',
        params: KnowledgeParams,
        response: { 200: DocumentMeta, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.get(contextOf(request), null, request.params.docId),
  );

  app.get(
    '/documents/:docId/content',
    {
      config: { permission: 'knowledge.read', auditAs },
      schema: {
        tags,
        summary: 'The file (where a citation links to)',
        params: KnowledgeParams,
        querystring: DocumentContentQuery,
        produces: ['application/pdf', 'image/png', 'image/jpeg'],
        response: { 200: FileBody, 302: Redirect, ...errors(400, 401, 404, 500) },
      },
    },
    async (request, reply) => {
      const download = request.query.download === true;
      const { meta, delivery } = await service.content(
        contextOf(request),
        null,
        request.params.docId,
        download,
      );
      return sendDelivery(reply, meta, delivery, download);
    },
  );

  app.delete(
    '/documents/:docId',
    {
      config: { permission: 'knowledge.write', auditAs },
      schema: {
        tags,
        summary: 'Remove a knowledge-base document (soft; admins)',
        params: KnowledgeParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), null, request.params.docId);
      return reply.code(204).send(null);
    },
  );
};
