import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../lib/errors.js';
import { isSafeText } from '../../lib/text.js';
import type { Storage } from '../../storage/index.js';
import { Inspector, tooLarge, type DocumentContentType } from './sniff.js';

export type Received = {
  title: string | undefined;
  filename: string;
  contentType: DocumentContentType;
  sizeBytes: number;
  sha256: string;
};

/** Receives one file into storage under `key`; the caller has already checked who may upload it. */
export type Receive = (key: string) => Promise<Received>;

const printable = (c: string) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && isSafeText(c);
const EXTENSION: Record<DocumentContentType, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};

/**
 * The name the file is stored and later downloaded under: no directories or control characters,
 * and the extension of the type its bytes showed, so a PDF sent as `poly.html` comes back as
 * `poly.pdf` and no browser or desktop is invited to open it as something else.
 */
export function storedFilename(name: string, type: DocumentContentType): string {
  const base = [...basename(name.replace(/\\/g, '/'))].filter(printable).join('').trim() || 'document';
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const wanted = EXTENSION[type];
  const kept = wanted.includes(ext) ? ext : wanted[0]!;
  return `${stem.slice(0, 250)}.${kept}`;
}

/** Multipart trouble that is the client's: no boundary, a cut-off body, too many parts or files. */
function multipartRefusal(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_FILES_LIMIT')
    return invalid([{ path: '/file', message: 'must be the only file of the request' }]);
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return invalid([{ path: '/', message: 'has more fields than an upload takes (file and title)' }]);
  const busboy =
    error instanceof Error &&
    /^Multipart: |unexpected end of (multipart data|form)|^Malformed /i.test(error.message);
  if (busboy || code === 'FST_MP_PREMATURE_CLOSE' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return new AppError('MALFORMED_REQUEST', 'The multipart/form-data body is malformed or incomplete');
  }
  return error;
}

/**
 * Streams the multipart field `file` through the inspector (type by magic number, size limit,
 * SHA-256) into storage; an optional `title` field may come before or after it. Nothing is held
 * whole in memory; a refused file leaves nothing in storage.
 */
export function multipartReceiver(request: FastifyRequest, storage: Storage, maxBytes: number): Receive {
  return async (key) => {
    if (!request.isMultipart()) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the file as multipart/form-data, in the field "file"',
      );
    }
    let title: string | undefined;
    let file: Omit<Received, 'title'> | undefined;
    let stored = false;
    try {
      const parts = request.parts({
        limits: { fileSize: maxBytes + 1, files: 1, fields: 4, fieldSize: 1024 },
      });
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.fieldname === 'title' && typeof part.value === 'string') {
            if (!isSafeText(part.value))
              throw invalid([
                { path: '/title', message: 'must not contain NUL characters or unpaired surrogates' },
              ]);
            title = part.value.trim().slice(0, 200);
          }
          continue;
        }
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          continue;
        }
        const inspector = new Inspector(maxBytes);
        stored = true;
        const results = await Promise.allSettled([
          pipeline(part.file, inspector),
          storage.put(key, inspector),
        ]);
        const failure = results.find((r) => r.status === 'rejected');
        if (failure) throw refusalOf((failure as PromiseRejectedResult).reason, results, maxBytes);
        file = {
          filename: storedFilename(part.filename, inspector.contentType!),
          contentType: inspector.contentType!,
          sizeBytes: inspector.bytes,
          sha256: inspector.sha256,
        };
      }
    } catch (error) {
      // Whatever refused the request after bytes reached storage (a second file, a bad title, a cut-off
      // body, the size limit) must leave nothing behind: no record will ever point at them.
      if (stored) await storage.delete(key).catch(() => {});
      throw multipartRefusal(error);
    }
    if (!file)
      throw invalid([{ path: '/file', message: 'is required (a multipart file field named "file")' }]);
    return { title: title || undefined, ...file };
  };
}

/** The inspector's own refusal when there is one; the multipart limit is the same 413. */
function refusalOf(reason: unknown, results: PromiseSettledResult<unknown>[], maxBytes: number): unknown {
  const mine = results.find((r) => r.status === 'rejected' && r.reason instanceof AppError);
  if (mine) return (mine as PromiseRejectedResult).reason;
  if ((reason as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(maxBytes);
  return reason;
}
