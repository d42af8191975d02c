import fc from 'fast-check';
import { audioArb, csvArb, jsonBodyArb, multipartArb, multipartOf, optional, PDF } from './bodies.js';
import {
  forgedCursors,
  hostileStrings,
  hostileValueArb,
  poison,
  poisonArb,
  validArb,
  type JsonSchema,
} from './schema.js';

type Parameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
};
type OpenApiOperation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  description?: string;
};
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };

/** How a body travels: JSON (from the schema), multipart upload, raw audio, or none at all. */
export type BodyKind = 'json' | 'multipart' | 'audio' | 'csv' | 'none';

export type Operation = {
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  bodyKind: BodyKind;
};

/** Operations whose bodies the route reads itself, so the OpenAPI document has no requestBody. */
const RAW_BODIES: Record<string, BodyKind> = {
  'POST /api/patients/{id}/documents': 'multipart',
  'POST /api/knowledge/documents': 'multipart',
  'POST /api/assistant/transcriptions': 'audio',
  'POST /api/imports/csv': 'csv',
};

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const key = `${method} ${path}`;
      const body = op.requestBody?.content?.['application/json']?.schema;
      const bodyKind = RAW_BODIES[key] ?? (body ? 'json' : 'none');
      ops.push({ key, method, path, parameters: op.parameters ?? [], body, bodyKind });
    }
  }
  return ops;
}

/** Real ids by what they name, so path parameters and id fields sometimes hit existing rows. */
export type Fixtures = {
  patients: string[];
  observations: string[];
  documents: string[];
  knowledge: string[];
  appointments: string[];
  practitioners: string[];
  users: string[];
  conversations: string[];
};

export function idPoolFor(path: string, f: Fixtures) {
  return (name: string): readonly string[] | undefined => {
    switch (name) {
      case 'patientId':
        return f.patients;
      case 'practitionerId':
        return f.practitioners;
      case 'conversationId':
        return f.conversations;
      case 'actorId':
        return f.users;
      case 'obsId':
        return f.observations;
      case 'docId':
        return path.startsWith('/api/knowledge') ? f.knowledge : f.documents;
      case 'id':
        if (path.startsWith('/api/patients')) return f.patients;
        if (path.startsWith('/api/appointments')) return f.appointments;
        if (path.startsWith('/api/practitioners')) return f.practitioners;
        if (path.startsWith('/api/users')) return f.users;
        if (path.startsWith('/api/assistant/conversations')) return f.conversations;
    }
    return undefined;
  };
}

/** One generated request, ready for app.inject; `variant` says what kind of attack it is. */
export type FuzzRequest = {
  variant: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
};

/**
 * Percent-encodes every code unit as UTF-8 would, lone surrogates included (as WTF-8), because
 * that is what an attacker's raw bytes look like; encodeURIComponent would throw on them.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    let cp = c;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (cp < 0x80 && /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(cp))) {
      out += String.fromCharCode(cp);
      continue;
    }
    const bytes =
      cp < 0x80
        ? [cp]
        : cp < 0x800
          ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
          : cp < 0x10000
            ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
            : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

const printable = fc.string({ maxLength: 40 });

/** Odd headers an API meets in the wild; values stay printable ASCII as HTTP allows. */
const headerArb = (op: Operation) =>
  fc.record(
    {
      'content-type': optional(
        fc.constantFrom(
          'text/plain',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/x-www-form-urlencoded',
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'multipart/form-data; boundary=x',
          'application/json, text/plain',
          'APPLICATION/JSON',
          'application/merge-patch+json',
          'audio/pcm',
          'audio/webm',
          '*/*',
          ';;;',
        ),
        6,
      ),
      'if-match': optional(
        fc.oneof(
          fc.constantFrom(
            '"1"',
            '"2"',
            'W/"1"',
            '*',
            '"999999999999"',
            '"-1"',
            '"1", "2"',
            'garbage',
            '""',
            '"0"',
          ),
          printable,
          fc.constant('"'.padEnd(8_000, '9')),
        ),
        op.method === 'PUT' ? 2 : 8,
      ),
      'idempotency-key': optional(
        fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'x'.repeat(300), 'k'.repeat(10_000)), printable),
        op.method === 'POST' ? 3 : 10,
      ),
      'x-request-id': optional(fc.oneof(printable, fc.constant('r'.repeat(10_000))), 10),
      'x-forwarded-for': optional(
        fc.constantFrom(
          'not-an-ip',
          '::ffff:203.0.113.5',
          '203.000.113.005',
          '[::1]:80',
          '1.2.3.4, 5.6.7.8',
          '',
        ),
        10,
      ),
      accept: optional(
        fc.constantFrom('text/html', 'application/xml', '*/*;q=0', 'application/json;q=2'),
        10,
      ),
    },
    { requiredKeys: [] },
  );

function pathArb(op: Operation, ids: (name: string) => readonly string[] | undefined, clean: boolean) {
  const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const name of names) {
    const pool = ids(name);
    if (clean) {
      model[name] = pool?.length ? fc.oneof(fc.constantFrom(...pool), fc.uuid()) : fc.uuid();
      continue;
    }
    model[name] = fc.oneof(
      ...(pool?.length ? [{ weight: 6, arbitrary: fc.constantFrom(...pool) }] : []),
      { weight: 2, arbitrary: fc.uuid() },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'not-a-uuid',
          '00000000-0000-0000-0000-000000000000',
          'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
          '{00000000-0000-4000-8000-000000000000}',
          '\u0000',
          '\ud800',
          '\u202E',
          '..',
          '%',
          "1' or '1'='1",
          'x'.repeat(10_000),
        ),
      },
    );
  }
  return fc.record(model) as fc.Arbitrary<Record<string, string>>;
}

function queryArb(op: Operation, ids: (name: string) => readonly string[] | undefined, clean: boolean) {
  const params = op.parameters.filter((p) => p.in === 'query');
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const querySchemas: Record<string, JsonSchema> = {};
  for (const p of params) {
    model[p.name] = validArb(p.schema, ids, p.name);
    querySchemas[p.name] = p.schema;
  }
  const valid = fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) });
  // Mostly valid parameters; sometimes one of them hostile (a forged cursor more often than not).
  const oneHostile =
    params.length && !clean
      ? optional(
          fc
            .constantFrom(...params.map((p) => p.name))
            .chain((name) =>
              (name === 'cursor'
                ? fc.oneof(fc.constantFrom(...forgedCursors), hostileValueArb)
                : hostileValueArb
              ).map((value) => [name, value] as const),
            ),
          2,
        )
      : fc.constant(undefined);
  const extra = clean
    ? fc.constant(undefined)
    : optional(
        fc.tuple(
          fc.constantFrom('extra', 'limit', '__proto__', 'q[]', ''),
          fc.constantFrom(...hostileStrings),
        ),
        6,
      );
  // Or one hostile text added to every string parameter (NUL, a lone surrogate, a leap second…).
  const poisoned = clean || !params.length ? fc.constant(undefined) : optional(poisonArb, 3);
  return fc.tuple(valid, oneHostile, extra, poisoned).map(([q, hostile, x, p]) => {
    const all = (p ? poison(q, { type: 'object', properties: querySchemas }, p.apply) : { ...q }) as Record<
      string,
      unknown
    >;
    if (hostile) all[hostile[0]] = hostile[1];
    const pairs: [string, string][] = [];
    for (const [k, v] of Object.entries(all)) {
      if (v === undefined) continue;
      pairs.push([k, typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))]);
    }
    if (x) pairs.push(x);
    return pairs;
  });
}

/**
 * Everything one generated request is made of, for one operation: a third are clean (valid
 * parameters and body, real ids, no odd headers) so the handlers' own paths run too; the rest attack.
 */
export function requestArb(
  op: Operation,
  ids: (name: string) => readonly string[] | undefined,
): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { weight: 1, arbitrary: shapedArb(op, ids, true) },
    { weight: 2, arbitrary: shapedArb(op, ids, false) },
  );
}

function shapedArb(
  op: Operation,
  ids: (name: string) => readonly string[] | undefined,
  clean: boolean,
): fc.Arbitrary<FuzzRequest> {
  const none = fc.constant({
    variant: 'no-body',
    payload: undefined as string | Buffer | undefined,
    type: undefined as string | undefined,
  });
  const body: fc.Arbitrary<{ variant: string; payload?: string | Buffer; type?: string }> =
    op.bodyKind === 'json' && op.body
      ? clean
        ? validArb(op.body, ids).map((v) => ({
            variant: 'valid',
            payload: JSON.stringify(v),
            type: 'application/json',
          }))
        : jsonBodyArb(op.body, ids)
      : op.bodyKind === 'multipart'
        ? clean
          ? fc.constant({
              variant: 'multipart:valid',
              ...multipartOf(PDF, 'report.pdf', 'application/pdf', 'Lab report'),
            })
          : multipartArb
        : op.bodyKind === 'csv'
          ? clean
            ? fc.constant({
                variant: 'csv:valid',
                payload: 'id,first name,last name,dob,sex\n1,Ada,Byron,1990-01-01,F\n' as string | Buffer,
                type: 'text/csv',
              })
            : csvArb
          : op.bodyKind === 'audio'
            ? clean
              ? fc.constant({
                  variant: 'audio:valid',
                  payload: Buffer.alloc(8_000, 1) as string | Buffer,
                  type: 'audio/pcm',
                })
              : audioArb
            : clean
              ? none
              : optional(
                  fc.constantFrom(
                    {
                      variant: 'unexpected-body',
                      payload: '{"x":1}' as string | Buffer,
                      type: 'application/json',
                    },
                    { variant: 'unexpected-body', payload: '\u0000' as string | Buffer, type: 'text/plain' },
                  ),
                  8,
                ).map((b) => b ?? { variant: 'no-body', payload: undefined, type: undefined });
  const headers: fc.Arbitrary<Record<string, string | undefined>> = clean ? fc.constant({}) : headerArb(op);
  return fc
    .record({ path: pathArb(op, ids, clean), query: queryArb(op, ids, clean), body, headers })
    .map(({ path, query, body: b, headers: odd }) => {
      const url =
        op.path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(path[name] ?? '')) +
        (query.length
          ? `?${query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&')}`
          : '');
      const h: Record<string, string> = {};
      if (b.type !== undefined) h['content-type'] = b.type;
      for (const [k, v] of Object.entries(odd)) if (v !== undefined) h[k] = v;
      const oddHeaders = Object.keys(odd).filter((k) => odd[k] !== undefined);
      const variant = [b.variant, ...oddHeaders.map((k) => `header:${k}`)].join(' ');
      return { variant, method: op.method, url, headers: h, payload: b.payload };
    });
}

/** Authorization headers an anonymous caller tries. */
export const anonymousAuthArb = fc.constantFrom<string | undefined>(
  undefined,
  undefined,
  undefined,
  'Bearer x',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer ',
  `Bearer ${'a'.repeat(5_000)}`,
);
