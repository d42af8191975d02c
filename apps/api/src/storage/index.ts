import type { Config } from '../config.js';
import { localStorage } from './local.js';
import { s3ClientFor, s3Storage } from './s3.js';
import type { Storage } from './storage.js';

export type { Storage, Delivery } from './storage.js';

/** The local directory by default; S3 when S3_BUCKET is set (docs/architecture.md). */
export function storageFor(config: Config['storage']): Storage {
  if (config.kind === 'local') return localStorage(config.dir);
  return s3Storage({
    client: s3ClientFor({ region: config.region, endpoint: config.endpoint }),
    bucket: config.bucket,
    kmsKeyId: config.kmsKeyId,
  });
}
