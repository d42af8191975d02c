import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition, type Storage } from './storage.js';

export const PRESIGNED_TTL_SECONDS = 300;

export type S3StorageOptions = { client: S3Client; bucket: string; kmsKeyId?: string | undefined };

export function s3ClientFor(options: { region?: string; endpoint?: string }): S3Client {
  const config: S3ClientConfig = { region: options.region ?? 'us-east-1' };
  // An S3-compatible server (MinIO, s3rver) answers on one host: bucket in the path.
  if (options.endpoint) Object.assign(config, { endpoint: options.endpoint, forcePathStyle: true });
  return new S3Client(config);
}

/**
 * Objects in one bucket, encrypted with KMS (the bucket's key, or S3_KMS_KEY_ID). Uploads stream
 * through lib-storage's multipart upload (5 MiB parts, so at most a few parts in memory); downloads
 * are presigned GET URLs that live five minutes.
 */
export function s3Storage({ client, bucket, kmsKeyId }: S3StorageOptions): Storage {
  return {
    kind: 's3',
    async put(key, body) {
      const upload = new Upload({
        client,
        queueSize: 2,
        leavePartsOnError: false,
        params: {
          Bucket: bucket,
          Key: key,
          Body: body,
          // The type is known only once the first bytes are in; downloads name it (ResponseContentType).
          ContentType: 'application/octet-stream',
          ServerSideEncryption: 'aws:kms',
          ...(kmsKeyId ? { SSEKMSKeyId: kmsKeyId } : {}),
        },
      });
      try {
        await upload.done();
      } catch (error) {
        // A refused upload (wrong type, too large) must not leave a partial object behind.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
        throw error;
      }
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body as Readable;
    },
    async size(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return head.ContentLength;
      } catch {
        return undefined;
      }
    },
    async deliver(key, { filename, contentType, download }) {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentType: contentType,
        ResponseContentDisposition: contentDisposition(filename, download),
        ResponseCacheControl: 'no-store',
      });
      return {
        kind: 'redirect',
        url: await getSignedUrl(client, command, { expiresIn: PRESIGNED_TTL_SECONDS }),
      };
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
