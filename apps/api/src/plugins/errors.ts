import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody, ErrorCode, ErrorIssue } from '@medicare/contracts';
import { ErrorStatus } from '@medicare/contracts';
import { isDatabaseUnavailable, isRefusedInput, sqlState } from '../db/errors.js';
import { AppError } from '../lib/errors.js';

/** Seconds a client should wait before retrying when the database is away (a failover takes ~10–30 s). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

type AjvError = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

/** Turns ajv's findings into `issues[{ path, message }]` a form can put beside each field. */
export function issuesOf(validation: AjvError[]): ErrorIssue[] {
  const seen = new Set<string>();
  const issues: ErrorIssue[] = [];
  for (const e of validation) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    let path = e.instancePath || '';
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required') {
      path = `${path}/${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = `${path}/${String(e.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    } else if (
      (e.keyword === 'pattern' && e.params.pattern === '\\S') ||
      (e.keyword === 'minLength' && e.params.limit === 1)
    ) {
      message = 'must not be blank';
    }
    const key = `${path}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push({ path: path || '/', message });
    }
  }
  return issues;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 404:
      return 'ROUTE_NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'NOT_READY';
    default:
      return status >= 500 ? 'INTERNAL' : 'MALFORMED_REQUEST';
  }
}

/**
 * Errors Fastify's router raises before any route or hook runs: a path that does not decode
 * (`%ED%A0%80`, a lone surrogate) or a path segment past maxParamLength. Without this, Fastify
 * answers them with its own body ({error, statusCode}) and no request id. Passed to Fastify as
 * `frameworkErrors`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const body: ErrorBody = {
    code: 'MALFORMED_REQUEST',
    message:
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path segment is too long'
        : 'The URL is not valid (it does not decode as UTF-8)',
    requestId: request.id,
  };
  return reply.code(400).header('x-request-id', request.id).type('application/json').send(body);
}

/** One error body for every 4xx and 5xx (DESIGN.md §3); 5xx never show internals. */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let body: ErrorBody;
    if (error instanceof AppError) {
      const { issues, details, headers } = error.extra;
      body = { code: error.code, message: error.message, requestId: request.id };
      if (issues) body.issues = issues;
      if (details) body.details = details;
      if (headers) void reply.headers(headers);
    } else if ('validation' in error && error.validation) {
      const where = error.validationContext === 'body' ? '' : ` (${error.validationContext})`;
      body = {
        code: 'VALIDATION_FAILED',
        message: `The request is not valid${where}`,
        requestId: request.id,
        issues: issuesOf(error.validation as AjvError[]),
      };
    } else if ((error as FastifyError).code === 'FST_ERR_HANDLER_TIMEOUT') {
      body = {
        code: 'TIMED_OUT',
        message: 'The request took too long; retry shortly',
        requestId: request.id,
      };
      void reply.header('retry-after', '1');
    } else if (isDatabaseUnavailable(error)) {
      body = {
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable; retry shortly',
        requestId: request.id,
      };
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (isRefusedInput(error)) {
      // A safety net: the schemas should have refused this value (docs/security.md, "Input").
      request.log.warn({ sqlState: sqlState(error) }, 'the database refused a value the schemas let through');
      body = {
        code: 'MALFORMED_REQUEST',
        message: 'The request holds a value that cannot be stored',
        requestId: request.id,
      };
    } else {
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      const code = codeForStatus(status);
      body = {
        code,
        message:
          status >= 500 ? 'Something went wrong on our side; the request id helps us find it' : error.message,
        requestId: request.id,
      };
    }
    const status = ErrorStatus[body.code as ErrorCode] ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      code: 'ROUTE_NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    };
    return reply.code(404).send(body);
  });
}

export default fp(errorsPlugin, { name: 'errors' });
