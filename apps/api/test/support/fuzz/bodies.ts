import fc from 'fast-check';
import { ELF_BYTES, JPEG_BYTES, PNG_BYTES, makePdf } from '../documents.js';
import { hostileStrings, hostileValueArb, poison, poisonArb, validArb, type JsonSchema } from './schema.js';

/** `arb` one time in `oneIn`, else undefined. */
export const optional = <T>(arb: fc.Arbitrary<T>, oneIn = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** A generated body: what kind of attack it is, the bytes, and the content type it claims. */
export type Body = { variant: string; payload?: string | Buffer; type?: string };

/** JSON bodies: valid, one field made hostile, a required field missing, an extra field, wrong root. */
export function jsonBodyArb(schema: JsonSchema, ids: (name: string) => readonly string[] | undefined) {
  const valid = validArb(schema, ids);
  const keys = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const asObject = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  const arbs: fc.WeightedArbitrary<[string, string]>[] = [
    { weight: 5, arbitrary: valid.map((v) => ['valid', JSON.stringify(v)]) },
    { weight: 2, arbitrary: hostileValueArb.map((v) => ['wrong-root', JSON.stringify(v) ?? 'null']) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          '[',
          'NaN',
          '\u0000',
          '',
          '{"a":1,"a":2}',
          'null',
          '"\\ud800"',
          '{"__proto__":{}}',
        )
        .map((raw) => ['raw', raw]),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'role', 'version', 'createdAt'),
          hostileValueArb,
        )
        .map(([v, k, x]) => ['extra-field', JSON.stringify({ ...asObject(v), [k]: x })]),
    },
  ];
  if (keys.length) {
    arbs.push({
      weight: 6,
      arbitrary: fc
        .tuple(valid, poisonArb)
        .map(([v, p]) => [`every-string:${p.label}`, JSON.stringify(poison(v, schema, p.apply))]),
    });
    arbs.push({
      weight: 5,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...keys), hostileValueArb)
        .map(([v, k, x]) => [`hostile:${k}`, JSON.stringify({ ...asObject(v), [k]: x })]),
    });
  }
  if (required.length) {
    arbs.push({
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => {
        const o = { ...asObject(v) };
        delete o[k];
        return [`missing:${k}`, JSON.stringify(o)];
      }),
    });
  }
  return fc.oneof(...arbs).map(([variant, payload]) => ({
    variant,
    payload: payload as string | Buffer,
    type: 'application/json',
  }));
}

export const PDF = makePdf([['Blood pressure leaflet: keep it below 120/80.']]);

/** A multipart/form-data body built by hand, so it can also be broken on purpose (`shape`). */
export function multipartOf(
  bytes: Buffer,
  name: string,
  type: string,
  title?: string,
  field = 'file',
  shape = 'ok',
) {
  const boundary = 'fuzzboundary7MA4YWxk';
  const part = (h: string, b: Buffer | string) =>
    Buffer.concat([Buffer.from(`--${boundary}\r\n${h}\r\n\r\n`), Buffer.from(b), Buffer.from('\r\n')]);
  const parts: Buffer[] = [];
  if (title !== undefined) parts.push(part('Content-Disposition: form-data; name="title"', title));
  if (shape === 'title-twice') parts.push(part('Content-Disposition: form-data; name="title"', 'again'));
  const file = part(
    `Content-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${type}`,
    bytes,
  );
  parts.push(file);
  if (shape === 'two-files') parts.push(file);
  let body = Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
  if (shape === 'truncated') body = body.subarray(0, Math.floor(body.length / 2));
  const type_ =
    shape === 'no-boundary'
      ? 'multipart/form-data'
      : `multipart/form-data; boundary=${shape === 'wrong-boundary' ? 'other' : boundary}`;
  return { payload: body as string | Buffer, type: type_ };
}

/** Multipart uploads: real files, hostile names and titles, and bodies that are not multipart at all. */
export const multipartArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        bytes: fc.constantFrom(
          PDF,
          PNG_BYTES,
          JPEG_BYTES,
          ELF_BYTES,
          Buffer.alloc(0),
          Buffer.from('%PDF-1.4 truncated'),
        ),
        name: fc.constantFrom(
          'report.pdf',
          'scan.png',
          'poly.html',
          '../../etc/passwd',
          '\u202Efdp.exe',
          'a"b.pdf',
          'x'.repeat(1000),
          '',
        ),
        type: fc.constantFrom('application/pdf', 'image/png', 'text/html', 'application/octet-stream', ''),
        title: optional(fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 30 }))),
        field: fc.constantFrom('file', 'file', 'file', 'upload'),
        shape: fc.constantFrom(
          'ok',
          'ok',
          'ok',
          'no-boundary',
          'wrong-boundary',
          'truncated',
          'two-files',
          'title-twice',
        ),
      })
      .map(({ bytes, name, type, title, field, shape }) => ({
        variant: `multipart:${shape}`,
        ...multipartOf(bytes, name, type, title, field, shape),
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        raw: fc.uint8Array({ maxLength: 2_000 }),
        type: fc.constantFrom('multipart/form-data; boundary=a', 'application/pdf', 'application/json'),
      })
      .map(({ raw, type }) => ({
        variant: 'multipart:garbage',
        payload: Buffer.from(raw) as string | Buffer,
        type,
      })),
  },
);

export const audioArb = fc
  .record({
    size: fc.constantFrom(0, 1, 100, 8192, 40_000),
    fill: fc.integer({ min: 0, max: 255 }),
    type: fc.constantFrom('audio/pcm', 'audio/pcm', 'audio/ogg', 'audio/webm', 'audio/', 'application/json'),
  })
  .map(({ size, fill, type }) => ({
    variant: 'audio',
    payload: Buffer.alloc(size, fill) as string | Buffer,
    type,
  }));

/** CSV files for the import: a valid one, hostile cells, bytes that are not UTF-8, broken quoting, wrong types. */
export const csvArb = fc
  .record({
    cell: fc.oneof(
      fc.constantFrom(...hostileStrings.filter((s): s is string => typeof s === 'string')),
      fc.constantFrom('=HYPERLINK("x")', '"', 'a"b', '\r', ';', '\t', '1980-02-30', 'Jan 99 1980'),
      fc.string({ maxLength: 40 }),
    ),
    shape: fc.constantFrom(
      'header+row',
      'header-only',
      'row-only',
      'empty',
      'latin1',
      'unclosed-quote',
      'wide',
    ),
    type: fc.constantFrom(
      'text/csv',
      'text/csv',
      'text/csv; charset=utf-8',
      'text/plain',
      'application/json',
    ),
  })
  .map(({ cell, shape, type }) => {
    const header = 'id,first name,last name,dob,sex,phone,email';
    const row = ['1', cell, 'Lee', '1980-01-31', 'F', cell, cell].join(',');
    const text: Record<string, string | Buffer> = {
      'header+row': `${header}\n${row}\n`,
      'header-only': `${header}\n`,
      'row-only': row,
      empty: '',
      latin1: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0xff, 0x0a]),
      'unclosed-quote': `${header}\n"${cell}`,
      wide: `${Array.from({ length: 300 }, (_, i) => `c${i}`).join(',')}\n${cell}`,
    };
    return { variant: `csv:${shape}`, payload: text[shape], type };
  });
