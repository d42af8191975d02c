import type { Readable } from 'node:stream';

/** Where a stored object can be fetched from, for GET …/content. */
export type Delivery =
  | { kind: 'stream'; body: Readable }
  /** A short-lived URL the client fetches directly (S3: presigned, 5 minutes). */
  | { kind: 'redirect'; url: string };

export type DeliveryOptions = { filename: string; contentType: string; download: boolean };

/**
 * Document bytes, by key. `put` consumes a stream and never holds the whole object in memory;
 * the caller hashes and checks the bytes on their way in.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  put(key: string, body: Readable): Promise<void>;
  /** The bytes as a stream (server-side reads: checksum checks, text extraction). */
  get(key: string): Promise<Readable>;
  /** The size the store holds for key, or undefined when it holds nothing. */
  size(key: string): Promise<number | undefined>;
  /** How GET …/content hands the object to a client. */
  deliver(key: string, options: DeliveryOptions): Promise<Delivery>;
  delete(key: string): Promise<void>;
}

/** `inline; filename*=…` (RFC 6266), with a plain ASCII fallback. */
export function contentDisposition(filename: string, download: boolean): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${download ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
