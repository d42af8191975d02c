import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentMeta, Patient } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { ELF_BYTES, makePdf, multipart, PNG_BYTES } from '../support/documents.js';
import { createPatient } from '../support/factories.js';

// Issue 12: malformed multipart bodies earned a 500, a refused upload could leave its first file in
// storage with no record, and a file kept the extension its sender chose whatever its bytes were.

let ctx: TestContext;
let dir: string;
let patient: Patient;
let clinician: Caller;

const PDF = makePdf([['Discharge letter', 'Blood pressure 128/82.']]);
const MAX = 64 * 1024;

function fileCount(): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

const part = (boundary: string, name: string, body: Buffer | string, filename?: string) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
        (filename ? `; filename="${filename}"\r\nContent-Type: application/pdf` : '') +
        '\r\n\r\n',
    ),
    Buffer.from(body),
    Buffer.from('\r\n'),
  ]);

const B = 'medicare-boundary';
const form = (...parts: Buffer[]) => ({
  headers: { 'content-type': `multipart/form-data; boundary=${B}` },
  payload: Buffer.concat([...parts, Buffer.from(`--${B}--\r\n`)]),
});

/** Every refusal as the two upload routes see it: [what, request body and headers]. */
const REFUSALS: [string, { headers: Record<string, string>; payload: Buffer }][] = [
  ['a second file', form(part(B, 'file', PDF, 'a.pdf'), part(B, 'file', PDF, 'b.pdf'))],
  ['a title after the file with NUL', form(part(B, 'file', PDF, 'a.pdf'), part(B, 'title', 'x\u0000y'))],
  ['a file over the size limit', form(part(B, 'file', Buffer.concat([PDF, Buffer.alloc(MAX)]), 'big.pdf'))],
  ['an executable', form(part(B, 'file', ELF_BYTES, 'run.pdf'))],
  [
    'too many fields',
    form(part(B, 'file', PDF, 'a.pdf'), ...[1, 2, 3, 4, 5].map((i) => part(B, `f${i}`, 'x'))),
  ],
  [
    'a body cut off inside the file',
    { headers: form().headers, payload: part(B, 'file', PDF, 'a.pdf').subarray(0, 400) },
  ],
  [
    'a body without its closing boundary',
    { headers: form().headers, payload: part(B, 'file', PDF, 'a.pdf') },
  ],
  [
    'no boundary at all',
    { headers: { 'content-type': 'multipart/form-data' }, payload: part(B, 'file', PDF, 'a.pdf') },
  ],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medicare-refused-'));
  ctx = await createTestApp({ config: { storage: { kind: 'local', dir }, documents: { maxBytes: MAX } } });
  patient = await createPatient(ctx);
  clinician = await ctx.as('clinician');
});
afterAll(() => ctx?.close());

describe.each([
  ['patient documents', () => `/api/patients/${patient.id}/documents`],
  ['the knowledge base', () => '/api/knowledge/documents'],
])('uploads to %s', (_where, url) => {
  it.each(REFUSALS)('refuses %s with a 4xx and leaves nothing in storage', async (_what, body) => {
    const before = fileCount();
    const res = await ctx.inject({ method: 'POST', url: url(), ...body });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(Object.keys(res.json()).sort()).toEqual(
      res.json<{ issues?: unknown }>().issues
        ? ['code', 'issues', 'message', 'requestId']
        : ['code', 'message', 'requestId'],
    );
    expect(fileCount()).toBe(before);
  });

  it('answers 400 MALFORMED_REQUEST for a body without a boundary or cut off', async () => {
    for (const [what, body] of REFUSALS.slice(-3)) {
      const res = await ctx.inject({ method: 'POST', url: url(), ...body });
      expect(res.statusCode, what).toBe(400);
      expect(res.json(), what).toMatchObject({ code: 'MALFORMED_REQUEST' });
    }
  });

  it('names the field of a second file or a title with NUL', async () => {
    const [second, nul] = [REFUSALS[0]![1], REFUSALS[1]![1]];
    expect((await ctx.inject({ method: 'POST', url: url(), ...second })).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: '/file' }],
    });
    expect((await ctx.inject({ method: 'POST', url: url(), ...nul })).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: '/title' }],
    });
  });
});

describe('a stored file’s name', () => {
  it.each([
    ['poly.html', PDF, 'poly.pdf', 'application/pdf'],
    ['scan.JPEG.exe', PNG_BYTES, 'scan.JPEG.png', 'image/png'],
    ['report', PDF, 'report.pdf', 'application/pdf'],
    ['..\\..\\etc\\notes.pdf', PDF, 'notes.pdf', 'application/pdf'],
  ])('%s holding %#: downloads with the extension of its bytes', async (sent, bytes, kept, type) => {
    const res = await clinician({
      method: 'POST',
      url: `/api/patients/${patient.id}/documents`,
      ...multipart({ name: sent, type: 'text/html', bytes }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentMeta>();
    expect(doc).toMatchObject({ filename: kept, contentType: type });
    const download = await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content?download=true`);
    expect(download.headers['content-type']).toBe(type);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="${kept}"; filename*=UTF-8''${encodeURIComponent(kept)}`,
    );
  });
});
