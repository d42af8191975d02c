import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  CSV_MAX_BYTES,
  CsvPreview,
  CsvPreviewInput,
  CsvRunInput,
  CsvUpload,
  CsvUploadQuery,
  IdParams,
  ImportReport,
} from '@medicare/contracts';
import { AppError } from '../../lib/errors.js';
import { errors } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import type { ImportsService } from './imports.service.js';

const tags = ['imports'];
const auditAs = { resourceType: 'import_upload' };
const config = { permission: 'import.run' as const, auditAs };

/** /api/imports/csv: the admins' CSV import of patients (contracts' imports.ts lists the flow). */
export const importsRoutes: FastifyPluginAsyncTypebox<{ service: ImportsService }> = async (
  app,
  { service },
) => {
  // The file itself, as text; larger than CSV_MAX_BYTES is 413 before it is read whole.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: CSV_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/csv',
    {
      config,
      bodyLimit: CSV_MAX_BYTES,
      schema: {
        tags,
        summary: 'Upload a CSV file of patients (text/csv, at most 5 MB): its columns and a guessed mapping',
        querystring: CsvUploadQuery,
        consumes: ['text/csv'],
        body: Type.String({ description: 'The CSV file, UTF-8, with a header line' }),
        response: { 201: CsvUpload, ...errors(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      // Only the CSV parser yields the file; a JSON string sent as application/json is not a file.
      if (!/^text\/csv\b/i.test(request.headers['content-type'] ?? '') || typeof request.body !== 'string') {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv');
      }
      const upload = await service.upload(contextOf(request), request.body, request.query.fileName);
      return reply.code(201).header('location', `/api/imports/csv/${upload.id}`).send(upload);
    },
  );

  app.get(
    '/csv/:id',
    {
      config,
      schema: {
        tags,
        summary: 'An uploaded CSV file: its columns and the guessed mapping',
        params: IdParams,
        response: { 200: CsvUpload, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.get(contextOf(request), request.params.id),
  );

  app.post(
    '/csv/:id/preview',
    {
      config,
      schema: {
        tags,
        summary: 'The first rows under a mapping, each with its problems and likely duplicates',
        params: IdParams,
        body: CsvPreviewInput,
        response: { 200: CsvPreview, ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => service.preview(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/csv/:id/run',
    {
      config,
      // A file of thousands of patients takes longer than an ordinary request.
      handlerTimeout: 300_000,
      schema: {
        tags,
        summary: 'Import the file under a mapping (the engine of the SQLite migration); the report',
        params: IdParams,
        body: CsvRunInput,
        response: { 200: ImportReport, ...errors(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => service.run(contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/csv/:id/report',
    {
      config,
      schema: {
        tags,
        summary: 'The report of the last run of this file',
        params: IdParams,
        response: { 200: ImportReport, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => service.report(contextOf(request), request.params.id),
  );

  app.get(
    '/csv/:id/rejected',
    {
      config,
      schema: {
        tags,
        summary: 'The rejected rows of the last run as CSV: line, the row as uploaded, and its problems',
        params: IdParams,
        produces: ['text/csv'],
        response: {
          200: Type.String({ description: 'text/csv' }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const csv = await service.rejected(contextOf(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-${request.params.id}.csv"`)
        .send(csv);
    },
  );
};
