import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentMeta, Patient } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import {
  ELF_BYTES,
  JPEG_BYTES,
  makePdf,
  multipart,
  MZ_BYTES,
  PNG_BYTES,
  sha256,
} from '../support/documents.js';
import { createPatient } from '../support/factories.js';

let ctx: TestContext;
let dir: string;
let patient: Patient;
let other: Patient;
let clinician: Caller;

const PDF = makePdf([
  ['Lipid panel report', 'Total cholesterol 212 mg/dL, above the desirable range.'],
  ['HDL cholesterol 48 mg/dL.'],
]);

function listFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

async function upload(
  caller: Caller,
  patientId: string,
  bytes: Buffer,
  name = 'report.pdf',
  type = 'application/pdf',
  fields: Record<string, string> = {},
) {
  return caller({
    method: 'POST',
    url: `/api/patients/${patientId}/documents`,
    ...multipart({ name, type, bytes }, fields),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'medicare-docs-'));
  ctx = await createTestApp({
    config: { storage: { kind: 'local', dir }, documents: { maxBytes: 64 * 1024 } },
  });
  patient = await createPatient(ctx);
  other = await createPatient(ctx);
  clinician = await ctx.as('clinician');
});
afterAll(() => ctx.close());

describe('patient documents on local storage', () => {
  it('stores an upload with its SHA-256, extracts its text in the background, and serves the same bytes', async () => {
    const res = await upload(clinician, patient.id, PDF, 'lipids.pdf', 'application/pdf', {
      title: 'Lipid panel',
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentMeta>();
    expect(doc).toMatchObject({
      patientId: patient.id,
      title: 'Lipid panel',
      filename: 'lipids.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      uploadedBy: clinician.userId,
    });
    expect(res.headers.location).toBe(`/api/patients/${patient.id}/documents/${doc.id}`);
    expect(await auditOf(ctx.database, res)).toMatchObject([
      {
        action: 'create',
        resourceType: 'document',
        resourceId: doc.id,
        patientId: patient.id,
        outcome: 'success',
      },
    ]);

    await vi.waitFor(
      async () => {
        const meta = await clinician(`/api/patients/${patient.id}/documents/${doc.id}`);
        expect(meta.json()).toMatchObject({ textStatus: 'done', pageCount: 2 });
      },
      { timeout: 15_000, interval: 50 },
    );

    const content = await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toContain('inline; filename="lipids.pdf"');
    expect(content.headers['repr-digest']).toBe(
      `sha-256=:${Buffer.from(sha256(PDF), 'hex').toString('base64')}:`,
    );
    expect(sha256(content.rawPayload)).toBe(sha256(PDF));
    expect(await auditOf(ctx.database, content)).toMatchObject([{ action: 'read', outcome: 'success' }]);

    const list = await clinician(`/api/patients/${patient.id}/documents`);
    expect(list.json<{ items: DocumentMeta[] }>().items.map((d) => d.id)).toContain(doc.id);
  });

  it('accepts PNG and JPEG by their bytes (no text to extract), and a title after the file', async () => {
    const png = await upload(clinician, patient.id, PNG_BYTES, 'scan.bin', 'application/octet-stream');
    expect(png.statusCode, png.body).toBe(201);
    expect(png.json()).toMatchObject({ contentType: 'image/png', textStatus: 'none', title: 'scan' });
    const boundary = 'xyz';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x-ray.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      JPEG_BYTES,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nChest X-ray\r\n--${boundary}--\r\n`,
      ),
    ]);
    const jpeg = await clinician({
      method: 'POST',
      url: `/api/patients/${patient.id}/documents`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(jpeg.statusCode, jpeg.body).toBe(201);
    expect(jpeg.json()).toMatchObject({ contentType: 'image/jpeg', title: 'Chest X-ray' });
  });

  it.each([
    ['an ELF executable', ELF_BYTES],
    ['a Windows executable', MZ_BYTES],
    ['plain text', Buffer.from('%PD not really a pdf, just text')],
  ])('refuses %s named report.pdf, and keeps nothing of it', async (_what, bytes) => {
    const before = listFiles(dir).length;
    const res = await upload(clinician, patient.id, bytes, 'report.pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json()).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_ALLOWED', requestId: expect.any(String) });
    expect(listFiles(dir)).toHaveLength(before);
    expect(await auditOf(ctx.database, res)).toMatchObject([{ action: 'create', outcome: 'error' }]);
  });

  it('refuses a file over DOCUMENT_MAX_BYTES with 413 in the one error body, and keeps nothing', async () => {
    const before = listFiles(dir).length;
    const big = Buffer.concat([PDF, Buffer.alloc(70 * 1024, 0x20)]);
    const res = await upload(clinician, patient.id, big);
    expect(res.statusCode, res.body).toBe(413);
    expect(Object.keys(res.json()).sort()).toEqual(['code', 'message', 'requestId']);
    expect(res.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(listFiles(dir)).toHaveLength(before);
  });

  it('answers 400 without a file field, and 415 for a body that is not multipart', async () => {
    const none = await clinician({
      method: 'POST',
      url: `/api/patients/${patient.id}/documents`,
      ...multipart({ name: 'a.pdf', type: 'application/pdf', bytes: PDF }, {}, 'attachment'),
    });
    expect(none.statusCode, none.body).toBe(400);
    expect(none.json()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: '/file' }] });
    const json = await clinician({
      method: 'POST',
      url: `/api/patients/${patient.id}/documents`,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
  });

  it("answers 404 for another patient's document, and a patient never reaches someone else's", async () => {
    const doc = (await upload(clinician, patient.id, PDF)).json<DocumentMeta>();
    const wrong = await clinician(`/api/patients/${other.id}/documents/${doc.id}`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    expect((await clinician(`/api/patients/${other.id}/documents/${doc.id}/content`)).statusCode).toBe(404);

    const otherPatient = await ctx.as('patient', other.id);
    for (const url of [
      `/api/patients/${patient.id}/documents`,
      `/api/patients/${patient.id}/documents/${doc.id}`,
      `/api/patients/${patient.id}/documents/${doc.id}/content`,
    ]) {
      const res = await otherPatient(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
      expect(await auditOf(ctx.database, res)).toMatchObject([{ outcome: 'denied', patientId: patient.id }]);
    }
    const upload404 = await upload(otherPatient, patient.id, PDF);
    expect(upload404.statusCode).toBe(404);

    const own = await ctx.as('patient', patient.id);
    expect((await own(`/api/patients/${patient.id}/documents/${doc.id}/content`)).statusCode).toBe(200);
  });

  it('shows front desk the metadata and never the file', async () => {
    const doc = (await upload(clinician, patient.id, PDF)).json<DocumentMeta>();
    const desk = await ctx.as('front_desk');
    expect((await desk(`/api/patients/${patient.id}/documents`)).statusCode).toBe(200);
    expect((await desk(`/api/patients/${patient.id}/documents/${doc.id}`)).statusCode).toBe(200);
    const content = await desk(`/api/patients/${patient.id}/documents/${doc.id}/content`);
    expect(content.statusCode).toBe(403);
    expect(await auditOf(ctx.database, content)).toMatchObject([{ action: 'denied', outcome: 'denied' }]);
  });

  it('refuses to send a file whose bytes no longer match their SHA-256', async () => {
    const doc = (await upload(clinician, patient.id, PDF)).json<DocumentMeta>();
    writeFileSync(join(dir, 'patients', patient.id, doc.id), Buffer.concat([PDF, Buffer.from('tampered')]));
    const res = await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'DOCUMENT_INTEGRITY_FAILED' });
  });

  it('deletes softly: the document leaves the list and reads as 404', async () => {
    const doc = (await upload(clinician, patient.id, PNG_BYTES, 'a.png', 'image/png')).json<DocumentMeta>();
    const del = await clinician({ method: 'DELETE', url: `/api/patients/${patient.id}/documents/${doc.id}` });
    expect(del.statusCode).toBe(204);
    expect((await clinician(`/api/patients/${patient.id}/documents/${doc.id}`)).statusCode).toBe(404);
    const list = await clinician(`/api/patients/${patient.id}/documents?limit=100`);
    expect(list.json<{ items: DocumentMeta[] }>().items.map((d) => d.id)).not.toContain(doc.id);
    expect(
      (await clinician({ method: 'DELETE', url: `/api/patients/${patient.id}/documents/${doc.id}` }))
        .statusCode,
    ).toBe(404);
  });
});

describe('the knowledge base', () => {
  it('takes uploads from admins, lists them to everyone signed in, and serves the file', async () => {
    const guide = makePdf([['Hypertension leaflet', 'Lowering salt intake reduces blood pressure.']]);
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/knowledge/documents',
      ...multipart(
        { name: 'bp.pdf', type: 'application/pdf', bytes: guide },
        { title: 'Blood pressure leaflet' },
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentMeta>();
    expect(doc).toMatchObject({ patientId: null, title: 'Blood pressure leaflet' });
    expect(await auditOf(ctx.database, res)).toMatchObject([
      { resourceType: 'knowledge_document', patientId: null },
    ]);

    const desk = await ctx.as('front_desk');
    const list = await desk('/api/knowledge/documents');
    expect(list.json<{ items: DocumentMeta[] }>().items.map((d) => d.id)).toContain(doc.id);
    const content = await desk(`/api/knowledge/documents/${doc.id}/content?download=true`);
    expect(content.headers['content-disposition']).toMatch(/^attachment/);
    expect(sha256(content.rawPayload)).toBe(sha256(guide));
    // A knowledge document is not a patient's: the patient routes do not find it.
    expect((await clinician(`/api/patients/${patient.id}/documents/${doc.id}`)).statusCode).toBe(404);

    const refused = await clinician({
      method: 'POST',
      url: '/api/knowledge/documents',
      ...multipart({ name: 'bp.pdf', type: 'application/pdf', bytes: guide }),
    });
    expect(refused.statusCode).toBe(403);
  });
});
