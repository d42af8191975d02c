import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody, ErrorCode, ErrorIssue } from '@medicare/contracts';
import { ErrorStatus } from '@medicare/contracts';
import { isDatabaseUnavailable, isRefusedInput, sqlState } from '../db/errors.js';
import { AppError } from '../lib/errors.js';

/** Seconds a client should wait before retrying when the database is away (a failover takes ~10–30 s). */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export type AjvError = {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
  parentSchema?: { description?: unknown };
};

/** Patterns of contracts' schemas, said the way a desk clerk would say them. */
const PATTERNS: Record<string, string> = {
  '\\S': 'must not be blank',
  '^\\d{4}-\\d{2}-\\d{2}$': 'must be a date like 1980-01-31',
  '(Z|z|[+-]\\d{2}:\\d{2})$': 'must be a date and time with its time zone, like 2026-03-01T09:30:00+01:00',
  '^\\+?[0-9][0-9 ().-]{5,22}[0-9]$': 'must be a phone number of 7 to 15 digits, like +1 555 010 0199',
  '^[A-Za-z0-9 -]*$': 'may hold only letters, digits, spaces and dashes',
  '^[A-Z]{2}$': 'must be a two-letter country code, like US',
  '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$': 'must be a language code, like en or es-MX',
};

const FORMATS: Record<string, string> = {
  date: 'must be a date like 1980-01-31',
  'date-time': 'must be a date and time with its time zone, like 2026-03-01T09:30:00+01:00',
  email: 'must be an e-mail address, like name@example.com',
  uuid: 'must be an id as this API gives them (a UUID)',
};

const TYPES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields (a JSON object)',
  array: 'a list',
  null: 'empty (null)',
};

const plural = (n: unknown, one: string) => `${String(n)} ${one}${n === 1 ? '' : 's'}`;

/** One ajv finding in words; `undefined` for the ones that only restate others (anyOf, if). */
export function messageOf(e: AjvError): string | undefined {
  const p = e.params;
  switch (e.keyword) {
    case 'anyOf':
    case 'if':
      return undefined;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `must be ${TYPES[String(p.type)] ?? String(p.type)}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be blank' : `must be at least ${plural(p.limit, 'character')}`;
    case 'maxLength':
      return `must be at most ${plural(p.limit, 'character')}`;
    case 'minimum':
      return `must be at least ${String(p.limit)}`;
    case 'maximum':
      return `must be at most ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(p.limit)}`;
    case 'minItems':
      return `must have at least ${plural(p.limit, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(p.limit, 'item')}`;
    case 'minProperties':
      return `must name at least ${plural(p.limit, 'field')}`;
    case 'format':
      return FORMATS[String(p.format)] ?? `must be a valid ${String(p.format)}`;
    case 'pattern': {
      const known = PATTERNS[String(p.pattern)];
      if (known) return known;
      const described = e.parentSchema?.description;
      return typeof described === 'string'
        ? `is not in the expected form: ${described}`
        : 'is not in the expected form';
    }
    default:
      return e.message ?? 'is not valid';
  }
}

/**
 * Turns ajv's findings into `issues[{ path, message }]` a form can put beside each field, in words
 * a person at the front desk understands: the one place that says how a schema rule reads.
 */
export function issuesOf(validation: AjvError[]): ErrorIssue[] {
  const byPath = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  for (const e of validation) {
    let path = e.instancePath || '';
    if (e.keyword === 'required') path = `${path}/${String(e.params.missingProperty)}`;
    else if (e.keyword === 'additionalProperties') path = `${path}/${String(e.params.additionalProperty)}`;
    path ||= '/';
    // A field that may be text or null says so once: "must be text or empty (null)".
    if (e.keyword === 'type') {
      types.set(path, [...(types.get(path) ?? []), TYPES[String(e.params.type)] ?? String(e.params.type)]);
      if (!byPath.has(path)) byPath.set(path, []);
      continue;
    }
    const message = messageOf(e);
    if (message === undefined) continue;
    const messages = byPath.get(path) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byPath.set(path, messages);
  }
  const issues: ErrorIssue[] = [];
  for (const [path, messages] of byPath) {
    // A type complaint stands only when nothing else was said: for "text, or null" given a too long
    // text, the null branch's "must be null" is noise beside "must be at most 4000 characters".
    const kinds = types.get(path);
    if (kinds && messages.length === 0) messages.push(`must be ${[...new Set(kinds)].join(' or ')}`);
    for (const message of messages) issues.push({ path, message });
  }
  return issues;
}

/** The body this API sends: its code is one of contracts' ErrorCode, never a free string. */
type Body = ErrorBody & { code: ErrorCode };

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
  if (request.url.startsWith('/fhir/')) {
    // The FHIR facade's error shape (modules/fhir/outcome.ts): no route ran, so its hook cannot.
    const issue = {
      severity: 'error',
      code: 'invalid',
      details: { coding: [{ system: 'urn:medicare-hub:error', code: body.code }], text: body.message },
      diagnostics: `request id ${request.id}`,
    };
    return reply
      .code(400)
      .header('x-request-id', request.id)
      .type('application/fhir+json; charset=utf-8')
      .send({ resourceType: 'OperationOutcome', issue: [issue] });
  }
  return reply.code(400).header('x-request-id', request.id).type('application/json').send(body);
}

/** One error body for every 4xx and 5xx (docs/api.md, "Errors"); 5xx never show internals. */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let body: Body;
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
    const status = ErrorStatus[body.code] ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json').send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: Body = {
      code: 'ROUTE_NOT_FOUND',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
      requestId: request.id,
    };
    return reply.code(404).send(body);
  });
}

export default fp(errorsPlugin, { name: 'errors' });
