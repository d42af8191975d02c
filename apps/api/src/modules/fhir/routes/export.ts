import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Uuid } from '@medicare/contracts';
import type { Database } from '../../../db/client.js';
import { AppError, notFound } from '../../../lib/errors.js';
import { contextOf } from '../../../plugins/auth.js';
import { audited } from '../../../platform/audit.js';
import { EXPORT_TYPES, type ExportType, type Exports } from '../export.js';
import { baseOf, outcomes, selfOf } from '../http.js';

const tags = ['fhir'];
const NDJSON_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'The export request is not valid', { issues: [{ path, message }] });

const Manifest = Type.Object(
  {
    transactionTime: Type.String(),
    request: Type.String(),
    requiresAccessToken: Type.Boolean(),
    output: Type.Array(Type.Object({ type: Type.String(), url: Type.String(), count: Type.Integer() })),
    error: Type.Array(Type.Object({ type: Type.String(), url: Type.String() })),
  },
  { description: 'Bulk Data export manifest' },
);
const Accepted = Type.Null({ description: 'Accepted: poll Content-Location' });

/** FHIR Bulk Data system-level export, for admins: kick-off, status, files (docs/data.md). */
export const fhirExportRoutes: FastifyPluginAsyncTypebox<{
  exports: Exports;
  database: Pick<Database, 'db'>;
}> = async (app, { exports, database }) => {
  app.get(
    '/$export',
    {
      config: { permission: 'data.export' },
      schema: {
        tags,
        summary:
          'Bulk Data $export kick-off (Prefer: respond-async): every Patient, Practitioner, Appointment and Observation as NDJSON',
        querystring: Type.Object(
          {
            _type: Type.Optional(Type.String({ maxLength: 200 })),
            _outputFormat: Type.Optional(Type.String({ maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: Accepted, ...outcomes(400, 401, 403) },
      },
    },
    async (request, reply) => {
      if (!/\brespond-async\b/.test([request.headers.prefer ?? ''].flat().join(',')))
        throw invalid('Prefer', 'must be respond-async: the export runs in the background');
      const format = request.query._outputFormat;
      if (format !== undefined && !NDJSON_FORMATS.includes(format))
        throw invalid('_outputFormat', 'only application/fhir+ndjson is offered');
      const types = request.query._type?.split(',').map((t) => t.trim()) ?? [...EXPORT_TYPES];
      const unknown = types.filter((t) => !(EXPORT_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0 || types.length === 0)
        throw invalid('_type', `must name some of: ${EXPORT_TYPES.join(', ')}`);
      const ctx = contextOf(request);
      const job = await audited(
        database,
        ctx,
        { action: 'create', resourceType: 'fhir_export' },
        async (tx) => {
          const created = await exports.create(tx, {
            ctx,
            requestUrl: selfOf(request),
            types: [...new Set(types)] as ExportType[],
          });
          return { result: created, resourceId: created.id };
        },
      );
      exports.run(job);
      return reply
        .code(202)
        .header('content-location', `${baseOf(request)}/$export-status/${job.id}`)
        .send(null);
    },
  );

  app.get(
    '/$export-status/:id',
    {
      config: { permission: 'data.export' },
      schema: {
        tags,
        summary: 'Bulk Data export status: 202 while it runs, 200 with the manifest when done',
        params: Type.Object({ id: Uuid }, { additionalProperties: false }),
        response: { 200: Manifest, 202: Accepted, ...outcomes(400, 401, 403, 404, 500) },
      },
    },
    async (request, reply) => {
      const job = await exports.find(database.db, contextOf(request), request.params.id);
      if (!job) throw notFound('NOT_FOUND', 'Export');
      if (job.state === 'accepted' || job.state === 'running')
        return reply.code(202).header('x-progress', job.state).header('retry-after', '2').send(null);
      if (job.state === 'failed') throw new AppError('INTERNAL', job.error ?? 'The export failed');
      const base = baseOf(request);
      return reply.type('application/json').send({
        transactionTime: (job.completedAt ?? job.createdAt).toISOString(),
        request: job.requestUrl,
        requiresAccessToken: true,
        output: (job.output ?? []).map((o) => ({
          type: o.type,
          url: `${base}/$export-file/${job.id}/${o.type}`,
          count: o.count,
        })),
        error: [],
      });
    },
  );

  app.get(
    '/$export-file/:id/:type',
    {
      config: { permission: 'data.export' },
      schema: {
        tags,
        summary: 'One NDJSON file of a completed export (the same token as the kick-off)',
        params: Type.Object({ id: Uuid, type: Type.Enum(EXPORT_TYPES) }, { additionalProperties: false }),
        response: {
          200: Type.Unknown({ description: 'application/fhir+ndjson: one resource per line' }),
          ...outcomes(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { id, type } = request.params;
      const job = await audited(
        database,
        ctx,
        { action: 'read', resourceType: 'fhir_export', resourceId: id },
        async (tx) => {
          const found = await exports.find(tx, ctx, id);
          if (!found || found.state !== 'completed' || !found.output?.some((o) => o.type === type))
            throw notFound('NOT_FOUND', 'Export file');
          return { result: found };
        },
      );
      return reply.type('application/fhir+ndjson').send(await exports.file(job.id, type));
    },
  );
};
