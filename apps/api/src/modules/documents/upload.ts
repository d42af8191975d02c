import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../lib/errors.js';
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

const printable = (c: string) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f;
const cleanName = (name: string) =>
  [...basename(name.replace(/\\/g, '/'))].filter(printable).join('').slice(0, 255) || 'document';

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
    const parts = request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 4, fieldSize: 1024 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'title' && typeof part.value === 'string')
          title = part.value.trim().slice(0, 200);
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      const inspector = new Inspector(maxBytes);
      const results = await Promise.allSettled([pipeline(part.file, inspector), storage.put(key, inspector)]);
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) {
        await storage.delete(key).catch(() => {});
        throw refusalOf((failure as PromiseRejectedResult).reason, results, maxBytes);
      }
      file = {
        filename: cleanName(part.filename),
        contentType: inspector.contentType!,
        sizeBytes: inspector.bytes,
        sha256: inspector.sha256,
      };
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
