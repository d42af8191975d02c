import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import {
  DocumentContentQuery,
  DocumentListQuery,
  DocumentMeta,
  DocumentPage,
  DocumentParams,
  LabValueProposals,
  IdParams,
} from '@medicare/contracts';
import { errors, NoContent } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import { contentDisposition, type Delivery } from '../../storage/storage.js';
import type { DocumentsService } from './documents.service.js';
import { multipartReceiver } from './upload.js';
import type { Storage } from '../../storage/index.js';

const tags = ['documents'];
const auditAs = { resourceType: 'document', patientIdParam: 'id' };

export const FileBody = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The file' });
export const Redirect = Type.Null({ description: 'S3: a presigned URL (5 minutes) in Location' });
/** How long an upload may take from first byte to answer. */
export const UPLOAD_TIMEOUT_MS = 120_000;
export const UPLOAD_HELP =
  'multipart/form-data: the file in field `file` (PDF, PNG or JPEG, judged by its bytes), optional field `title`';

/** Sends a stored file: streamed (local, already checksum-checked) or a redirect to a presigned URL. */
export function sendDelivery(reply: FastifyReply, meta: DocumentMeta, delivery: Delivery, download: boolean) {
  if (delivery.kind === 'redirect') return reply.code(302).header('location', delivery.url).send(null);
  return reply
    .code(200)
    .header('content-type', meta.contentType)
    .header('content-length', String(meta.sizeBytes))
    .header('content-disposition', contentDisposition(meta.filename, download))
    .header('repr-digest', `sha-256=:${Buffer.from(meta.sha256, 'hex').toString('base64')}:`)
    .send(delivery.body);
}

export const documentsRoutes: FastifyPluginAsyncTypebox<{
  service: DocumentsService;
  storage: Storage;
  maxBytes: number;
}> = async (app, { service, storage, maxBytes }) => {
  app.post(
    '/:id/documents',
    {
      // A 20 MB file on a slow link takes longer than the API's usual request timeout.
      handlerTimeout: UPLOAD_TIMEOUT_MS,
      config: { permission: 'document.upload', auditAs },
      schema: {
        tags,
        summary: 'Upload a document (clinicians, admins, the patient themself)',
        description: `${UPLOAD_HELP}; at most ${maxBytes} bytes (413 beyond).`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: DocumentMeta, ...errors(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const receive = multipartReceiver(request, storage, maxBytes);
      const doc = await service.upload(contextOf(request), request.params.id, receive);
      return reply
        .code(201)
        .header('location', `/api/patients/${request.params.id}/documents/${doc.id}`)
        .send(doc);
    },
  );

  app.get(
    '/:id/documents',
    {
      config: { permission: 'document.metadata', auditAs },
      schema: {
        tags,
        summary: 'A patient’s documents, newest first (metadata only; front desk included)',
        params: IdParams,
        querystring: DocumentListQuery,
        response: { 200: DocumentPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.list(contextOf(request), request.params.id, request.query),
  );

  app.get(
    '/:id/documents/:docId',
    {
      config: { permission: 'document.metadata', auditAs },
      schema: {
        tags,
        summary: 'A document’s metadata',
        params: DocumentParams,
        response: { 200: DocumentMeta, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.get(contextOf(request), request.params.id, request.params.docId),
  );

  app.get(
    '/:id/documents/:docId/lab-values',
    {
      config: { permission: 'clinical.write', auditAs },
      schema: {
        tags,
        summary:
          'Lab values read from the document’s text, proposed as observations (clinicians; nothing is recorded)',
        description:
          'Each proposal names the observation code, value and unit that POST /api/patients/{id}/observations ' +
          'takes, and the line it was read from. A clinician confirms each value; only confirmed ones are recorded.',
        params: DocumentParams,
        response: { 200: LabValueProposals, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.labValues(contextOf(request), request.params.id, request.params.docId),
  );

  app.get(
    '/:id/documents/:docId/content',
    {
      config: { permission: 'document.content', auditAs },
      schema: {
        tags,
        summary: 'The file (local storage: streamed after its SHA-256 check; S3: 302 to a presigned URL)',
        params: DocumentParams,
        querystring: DocumentContentQuery,
        produces: ['application/pdf', 'image/png', 'image/jpeg'],
        response: { 200: FileBody, 302: Redirect, ...errors(400, 401, 403, 404, 500) },
      },
    },
    async (request, reply) => {
      const download = request.query.download === true;
      const { meta, delivery } = await service.content(
        contextOf(request),
        request.params.id,
        request.params.docId,
        download,
      );
      return sendDelivery(reply, meta, delivery, download);
    },
  );

  app.delete(
    '/:id/documents/:docId',
    {
      config: { permission: 'document.delete', auditAs },
      schema: {
        tags,
        summary: 'Delete a document (soft; clinicians, admins)',
        params: DocumentParams,
        response: { 204: NoContent, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await service.remove(contextOf(request), request.params.id, request.params.docId);
      return reply.code(204).send(null);
    },
  );
};
