import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { ErrorBody } from '@medicare/contracts';
import type { Resource } from '@medplum/fhirtypes';
import { cursorSeal } from '../../lib/cursor.js';
import { outcomeOf } from './outcome.js';

export const FHIR_JSON = 'application/fhir+json';
export const FHIR_BASE = '/fhir/R4';

/** Any FHIR resource, for the OpenAPI document; the mappers decide every element written. */
export const FhirResource = Type.Object(
  { resourceType: Type.String() },
  { additionalProperties: true, description: 'A FHIR R4 resource (application/fhir+json)' },
);
/** Error bodies are written as this API's one error body and become an OperationOutcome on the way out (fhirScope). */
export const FhirOutcome = Type.Object(
  {},
  { additionalProperties: true, description: 'FHIR R4 OperationOutcome' },
);
/** Error responses of a FHIR route: always an OperationOutcome. */
export const outcomes = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, FhirOutcome]));

/** This server's FHIR base as the client reached it (the load balancer's scheme and host). */
export const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}${FHIR_BASE}`;
/** The request's own address, absolute. */
export const selfOf = (request: FastifyRequest) => `${request.protocol}://${request.host}${request.url}`;

const isErrorBody = (v: unknown): v is ErrorBody =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ErrorBody).code === 'string' &&
  typeof (v as ErrorBody).requestId === 'string' &&
  !('resourceType' in v);

/**
 * What every FHIR route shares, in its own encapsulated scope: bodies in application/fhir+json (and
 * application/json), answers in application/fhir+json (application/json when that is all the client
 * accepts), and every error — whatever raised it — said as an OperationOutcome with the same status.
 * The error plugin still decides status and words, so /api and /fhir never disagree about an error.
 */
export async function fhirScope(app: FastifyInstance) {
  app.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  app.addHook('onSend', async (request, reply, payload) => {
    const accept = request.headers.accept ?? '';
    const type =
      accept.includes('application/json') && !accept.includes(FHIR_JSON) ? 'application/json' : FHIR_JSON;
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (!contentType.startsWith('application/json') && !contentType.startsWith(FHIR_JSON)) return payload;
    // Only resources and errors: the Bulk Data manifest is plain JSON by its specification.
    const resource = typeof payload === 'string' && payload.startsWith('{"resourceType"');
    if (!resource && reply.statusCode < 400) return payload;
    void reply.header('content-type', `${type}; charset=utf-8`);
    if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
    try {
      const body: unknown = JSON.parse(payload);
      return isErrorBody(body) ? JSON.stringify(outcomeOf(reply.statusCode, body)) : payload;
    } catch {
      return payload;
    }
  });
}

/** Paging cursors in next links, sealed to their search as /api's are (plugins/cursors.ts). */
export function pagers(secret: string | undefined) {
  const seal = secret ? cursorSeal(secret) : undefined;
  return {
    seal: (list: string, cursor: string | null) =>
      cursor && seal ? seal.seal(`fhir ${list}`, cursor) : cursor,
    open: (list: string, cursor: string | undefined) =>
      cursor && seal ? seal.open(`fhir ${list}`, cursor) : cursor,
  };
}
export type Pagers = ReturnType<typeof pagers>;

/** A versioned resource with its ETag (W/"<version>"), as FHIR clients expect it. */
export function sendVersioned(reply: FastifyReply, resource: Resource, status = 200) {
  const version = resource.meta?.versionId;
  if (version) void reply.header('etag', `W/"${version}"`);
  if (resource.meta?.lastUpdated)
    void reply.header('last-modified', new Date(resource.meta.lastUpdated).toUTCString());
  return reply.code(status).send(resource);
}
