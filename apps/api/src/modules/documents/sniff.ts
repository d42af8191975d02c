import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DocumentMeta } from '@medicare/contracts';
import { AppError } from '../../lib/errors.js';

export type DocumentContentType = DocumentMeta['contentType'];

const SIGNATURES: { type: DocumentContentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];
const HEAD_BYTES = 8;

/** The type a file's first bytes say it is, or undefined (an executable, a zip, anything else). */
export function sniff(head: Uint8Array): DocumentContentType | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.type;
}

export const notAllowed = () =>
  new AppError(
    'DOCUMENT_TYPE_NOT_ALLOWED',
    'Only PDF, PNG and JPEG files are accepted (judged by their content)',
  );
export const tooLarge = (maxBytes: number) =>
  new AppError(
    'DOCUMENT_TOO_LARGE',
    `The file is larger than the ${Math.floor(maxBytes / 1_048_576) || maxBytes} ${maxBytes >= 1_048_576 ? 'MB' : 'byte'} limit`,
  );

/**
 * A pass-through that checks an upload on its way to storage: the type from the first bytes,
 * the size against the limit, and the SHA-256 of everything — without holding the file.
 * It fails the stream (and so the upload) the moment a check fails.
 */
export class Inspector extends Transform {
  contentType: DocumentContentType | undefined;
  /** Bytes seen so far (not `size`: lib-storage reads a Body's `size` as its length). */
  bytes = 0;
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headLength = 0;
  sha256 = '';

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(tooLarge(this.maxBytes));
    this.hash.update(chunk);
    if (this.contentType) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < HEAD_BYTES) return done();
    return done(this.decide());
  }

  override _flush(done: TransformCallback) {
    if (this.bytes === 0)
      return done(
        new AppError('VALIDATION_FAILED', 'The file is empty', {
          issues: [{ path: '/file', message: 'is empty' }],
        }),
      );
    if (!this.contentType) {
      const failed = this.decide();
      if (failed) return done(failed);
    }
    this.sha256 = this.hash.digest('hex');
    done();
  }

  /** Judges the type once the first bytes are in; passes them on, or answers the refusal. */
  private decide(): AppError | null {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.contentType = sniff(head);
    if (!this.contentType) return notAllowed();
    this.push(head);
    return null;
  }
}
