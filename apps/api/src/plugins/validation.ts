import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Ajv, type Options } from 'ajv';
import { invalid } from '../lib/errors.js';
import addFormats from 'ajv-formats';

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
  return ajv;
}

async function validationPlugin(app: FastifyInstance) {
  const forText = validator('array');
  const forBody = validator(false);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? forBody : forText).compile(schema),
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
