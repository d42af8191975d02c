import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Ajv, type Options } from 'ajv';
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
}

export default fp(validationPlugin, { name: 'validation' });
