import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import fp from 'fastify-plugin';
import { Ajv, type Options } from 'ajv';
import { invalid } from '../lib/errors.js';
import addFormats from 'ajv-formats';
import { unsafeTextPaths } from '../lib/text.js';

const inYearRange = (at: number) => {
  const year = new Date(at).getUTCFullYear();
  return Number.isFinite(at) && year >= 1 && year <= 9999;
};

/**
 * Two validators. Query strings and path parameters arrive as text, so they are coerced
 * ("20" → 20, "true" → true). Bodies are JSON and keep their types: a body's `false` must not
 * become `0`, nor `1` become `true`. Neither ever drops an unknown field: it is an error.
 */
function validator(coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    allowUnionTypes: true,
    strict: false,
    // Errors carry their schema, so a pattern's description can explain it (plugins/errors.ts).
    verbose: true,
  });
  addFormats.default(ajv);
  // One rule for every instant and date a client sends: besides the calendar (ajv-formats), the
  // instant must fall in UTC years 0001–9999, which PostgreSQL and JavaScript both hold; the
  // schemas' pattern (contracts, Instant) already refuses leap seconds and offsets past ±14:00.
  const calendar = ajv.formats['date-time'] as { validate: (value: string) => boolean };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => calendar.validate(value) && inYearRange(Date.parse(value)),
  });
  return ajv;
}

export type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * Every string of every validated input (body, query, path, headers), at any depth, first passes the
 * text rule: no NUL (PostgreSQL cannot store it) and no half of a surrogate pair (not Unicode).
 * One pass here rather than a pattern on each of the schemas' strings, so no field can miss it.
 */
function withSafeText(validate: Validate): Validate {
  const check: Validate = (data) => {
    const unsafe = unsafeTextPaths(data);
    if (unsafe.length > 0) {
      check.errors = unsafe.map((instancePath) => ({
        instancePath,
        keyword: 'text',
        schemaPath: '#/text',
        params: {},
        message: 'must not contain NUL characters or unpaired surrogates',
      }));
      return false;
    }
    const valid = validate(data);
    check.errors = validate.errors;

    return valid;
  };
  return check;
}

let bodyAjv: Ajv | undefined;
/**
 * The API's body validation (no coercion, formats, the text rule) for input that arrives another way:
 * an import's rows pass exactly what a POST body would.
 */
export function compileBodyValidator(schema: object): Validate {
  bodyAjv ??= validator(false);
  return withSafeText(bodyAjv.compile(schema));
}

async function validationPlugin(app: FastifyInstance) {
  const forText = validator('array');
  const forBody = validator(false);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    withSafeText((httpPart === 'body' ? forBody : forText).compile(schema)),
  );
  // Bodies are JSON (uploads register their own parsers): text/plain is 415 like any other type,
  // not a string that then fails validation as 400.
  app.removeContentTypeParser('text/plain');
  // A body read with GET may go back with PUT carrying its `id`: it must name the record in the address.
  app.addHook('preHandler', async (request) => {
    const params = request.params as { id?: unknown } | undefined;
    const body = request.body as { id?: unknown } | null | undefined;
    if (typeof params?.id !== 'string' || typeof body !== 'object' || body === null) return;
    if (body.id !== undefined && body.id !== params.id) {
      throw invalid([{ path: '/id', message: 'must be the id of the record in the address, or left out' }]);
    }
  });
}

export default fp(validationPlugin, { name: 'validation' });
