import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentMeta, Patient } from '@medicare/contracts';
import { s3Storage } from '../../src/storage/s3.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { ELF_BYTES, makePdf, multipart, sha256 } from '../support/documents.js';
import { createPatient } from '../support/factories.js';
import { startS3 } from '../support/s3.js';

const BUCKET = 'medicare-documents-test';
let s3: Awaited<ReturnType<typeof startS3>>;
let ctx: TestContext;
let patient: Patient;
let clinician: Caller;

const keys = async () =>
  ((await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key);

const upload = (bytes: Buffer, name = 'report.pdf') =>
  clinician({
    method: 'POST',
    url: `/api/patients/${patient.id}/documents`,
    ...multipart({ name, type: 'application/pdf', bytes }),
  });

beforeAll(async () => {
  s3 = await startS3(BUCKET);
  ctx = await createTestApp({
    storage: s3Storage({ client: s3.client, bucket: BUCKET }),
    config: { documents: { maxBytes: 8 * 1_048_576 } },
  });
  patient = await createPatient(ctx);
  clinician = await ctx.as('clinician');
});
afterAll(async () => {
  await ctx.close();
  await s3.stop();
});

describe('patient documents on S3 (s3rver)', () => {
  it('uploads, extracts text from the object, and hands out a 5-minute presigned URL serving the same bytes', async () => {
    const pdf = makePdf([['Discharge summary', 'Follow up with the cardiology clinic in two weeks.']]);
    const res = await upload(pdf);
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentMeta>();
    expect(doc.sha256).toBe(sha256(pdf));
    expect(await keys()).toContain(`patients/${patient.id}/${doc.id}`);

    await vi.waitFor(
      async () =>
        expect((await clinician(`/api/patients/${patient.id}/documents/${doc.id}`)).json()).toMatchObject({
          textStatus: 'done',
        }),
      { timeout: 15_000, interval: 50 },
    );

    const content = await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content`);
    expect(content.statusCode).toBe(302);
    const url = new URL(String(content.headers.location));
    expect(url.origin).toBe(s3.endpoint);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(doc.sha256);
  });

  it('streams a file larger than one multipart part (lib-storage) and records its checksum', async () => {
    const pdf = Buffer.concat([makePdf([['Large scan']]), Buffer.alloc(6 * 1_048_576, 0x20)]);
    const res = await upload(pdf, 'large.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentMeta>();
    expect(doc).toMatchObject({ sizeBytes: pdf.length, sha256: sha256(pdf) });
    const fetched = await fetch(
      String((await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content`)).headers.location),
    );
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(pdf));
  });

  it('leaves no object behind for a refused executable or an oversized file', async () => {
    const before = await keys();
    const elf = await upload(ELF_BYTES);
    expect(elf.statusCode).toBe(415);
    const big = await upload(Buffer.concat([makePdf([['x']]), Buffer.alloc(9 * 1_048_576, 0x20)]));
    expect(big.statusCode, big.body).toBe(413);
    expect(big.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    expect(await keys()).toEqual(before);
  });

  it('refuses to hand out an object that no longer matches what was stored', async () => {
    const pdf = makePdf([['Original']]);
    const doc = (await upload(pdf)).json<DocumentMeta>();
    await s3.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `patients/${patient.id}/${doc.id}`,
        Body: Buffer.concat([pdf, pdf]),
      }),
    );
    const res = await clinician(`/api/patients/${patient.id}/documents/${doc.id}/content`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'DOCUMENT_INTEGRITY_FAILED' });
  });
});
