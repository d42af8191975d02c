import fc from 'fast-check';

/** The subset of JSON Schema our OpenAPI document uses (checked: no $ref in parameters or bodies). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minProperties?: number;
  default?: unknown;
};

/** Real ids to use for a field or parameter of this name, so generated requests sometimes hit rows. */
export type IdPool = (name: string) => readonly string[] | undefined;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A calendar date YYYY-MM-DD in a plausible range (1880–2100). */
export const dateArb = fc
  .record({
    y: fc.integer({ min: 1880, max: 2100 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m)}-${pad(d)}`);

/** An ISO 8601 instant with an offset (Z or ±hh:mm), years 2000–2040. */
export const dateTimeArb = fc
  .record({
    ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
    offset: fc.constantFrom('Z', '+00:00', '+01:00', '-05:00', '+05:30', '+14:00', '-12:00'),
  })
  .map(({ ms, offset }) => new Date(ms).toISOString().replace('Z', offset));

function stringArb(schema: JsonSchema, name: string, ids: IdPool): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 40);
  const fits = (s: string) => s.length >= min && s.length <= max;
  switch (schema.format) {
    case 'uuid': {
      const pool = ids(name);
      return pool?.length ? fc.oneof(fc.constantFrom(...pool), fc.uuid()) : fc.uuid();
    }
    case 'date':
      return dateArb;
    case 'date-time':
      return dateTimeArb;
    case 'email':
      return fc.emailAddress().filter((e) => e.length <= Math.min(max, 254));
  }
  if (schema.pattern && schema.pattern !== '\\S') {
    return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
  }
  const text = fc.string({ minLength: Math.max(min, schema.pattern ? 1 : 0), maxLength: Math.min(max, 60) });
  return schema.pattern === '\\S' ? text.filter((s) => /\S/.test(s)) : text;
}

/** Values that the schema accepts (as far as this subset goes), with names hinting at real ids. */
export function validArb(schema: JsonSchema, ids: IdPool, name = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validArb(s, ids, name)));
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : undefined;
  if (type && type.length > 1)
    return fc.oneof(...type.map((t) => validArb({ ...schema, type: t }, ids, name)));
  switch (type?.[0]) {
    case 'string':
      return stringArb(schema, name, ids);
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      return type[0] === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArb(schema.items ?? {}, ids, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return objectArb(schema, ids);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArb(schema: JsonSchema, ids: IdPool): fc.Arbitrary<Record<string, unknown>> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(props);
  if (!entries.length) return fc.constant({});
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, s] of entries) model[key] = validArb(s, ids, key);
  return fc
    .record(model, { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) })
    .filter((o) => Object.keys(o).length >= (schema.minProperties ?? 0));
}

// ---------------------------------------------------------------------------------------------
// Hostile values: what an attacker sends whatever the schema says.

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Cursors that decode to JSON but not to what a list issued, and ones that do not decode at all. */
export const forgedCursors = [
  b64('{"k":["x","y"]}'),
  b64('{"k":[{}]}'),
  b64('{"k":[null,null]}'),
  b64('{"k":[]}'),
  b64('{"k":["2026-01-01T00:00:00Z","not-a-uuid"]}'),
  b64('{"k":["9999-99-99","00000000-0000-0000-0000-000000000000"]}'),
  b64('{"k":[1e308,-1]}'),
  b64('{"k":"x"}'),
  b64('{"o":-5}'),
  b64('{"o":1e20}'),
  b64('{"o":"1; drop table patients"}'),
  b64('{}'),
  b64('null'),
  b64('[]'),
  b64('"x"'),
  b64('{"k":["\u0000","\ud800"]}'),
  '!!!not-base64!!!',
  'A'.repeat(512),
  '',
];

/** Strings no text field should choke on. */
export const hostileStrings = [
  '\u0000',
  'Ann\u0000a',
  '\ud800',
  'x\udc00y',
  '\udbff\udfff\ud800',
  '\u202Egnp.exe',
  'An\u200Bna',
  'An\u00ADna',
  '\uFEFF',
  'x'.repeat(10_000),
  '𝕏'.repeat(5_000),
  '',
  ' ',
  '\t\n\r',
  "' or 1=1 --",
  "'; drop table patients; --",
  '%00',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0000-00-00',
  '0000-01-01',
  '10000-01-01',
  '2024-02-30',
  '2016-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00+14:01',
  '2026-01-01T00:00:00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ...forgedCursors,
];

/** Any value of the wrong kind, including the classic ones. */
export const hostileValueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(...hostileStrings) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      2 ** 53,
      -(2 ** 63),
      1e308,
      [],
      {},
      [null],
      { $gt: '' },
      JSON.parse('{"__proto__":{"role":"admin"}}') as unknown,
      ['a', 'b'],
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A string field without a format, enum or anchored pattern: free text. */
const isFreeText = (schema: JsonSchema) =>
  !schema.format && !schema.enum && (!schema.pattern || schema.pattern === '\\S');

type Poison = { label: string; apply: (s: string, schema: JsonSchema) => string };

/**
 * One hostile text applied to every free-text string of an otherwise valid value: appended (so
 * "not blank" still passes and the text reaches the database) or in place of it; or one boundary
 * value put in every date and date-time field.
 */
export const poisonArb: fc.Arbitrary<Poison> = fc.oneof(
  fc
    .constantFrom(
      '\u0000',
      '\u0000',
      '\ud800',
      '\udc00x',
      '\u202E',
      '\u200B',
      '\u00AD',
      '\uFEFF',
      '\u0000\ud800\u202E',
    )
    .map((suffix) => ({
      label: `append ${JSON.stringify(suffix)}`,
      apply: (s: string, schema: JsonSchema) => (isFreeText(schema) ? `${s}${suffix}` : s),
    })),
  fc.constantFrom('\u0000', 'x\ud800y', 'x'.repeat(10_000)).map((text) => ({
    label: `replace ${JSON.stringify(text.slice(0, 24))}`,
    apply: (s: string, schema: JsonSchema) => (isFreeText(schema) ? text : s),
  })),
  fc
    .record({
      date: fc.constantFrom(
        '0000-01-01',
        '10000-01-01',
        '0001-01-01',
        '0099-12-31',
        '1879-12-31',
        '2024-02-30',
        '9999-12-31',
      ),
      time: fc.constantFrom(
        '2016-12-31T23:59:60Z',
        '0000-01-01T00:00:00Z',
        '10000-01-01T00:00:00Z',
        '2026-01-01T00:00:00+14:01',
        '2026-01-01T00:00:00-23:59',
        '2026-01-01T24:00:00Z',
        '9999-12-31T23:59:59.999-14:00',
        '0001-01-01T00:00:00+14:00',
      ),
    })
    .map(({ date, time }) => ({
      label: `dates ${date} ${time}`,
      apply: (s: string, schema: JsonSchema) =>
        schema.format === 'date' ? date : schema.format === 'date-time' ? time : s,
    })),
);

/** `value` with every string in it passed through `apply`, which sees the string's schema. */
export function poison(value: unknown, schema: JsonSchema, apply: Poison['apply']): unknown {
  if (typeof value === 'string') return apply(value, schema);
  if (Array.isArray(value)) return value.map((v) => poison(v, schema.items ?? {}, apply));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, poison(v, schema.properties?.[k] ?? {}, apply)]),
    );
  return value;
}
