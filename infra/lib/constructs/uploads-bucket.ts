// The documents bucket (S3 instead of the seeds' EFS): CMK, versioning, tmp/ expiry, CORS for the web app.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PRIVATE_BUCKET } from './defaults.js';

export interface UploadsBucketProps {
  readonly key: kms.IKey;
  readonly logBucket: s3.IBucket;
  /** https://<app domain>: the only origin allowed to upload from a browser. */
  readonly webOrigin: string;
}

export class UploadsBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** Read/write on the documents and their key; attached to the task role of the service that owns documents. */
  readonly readWritePolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: UploadsBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        { id: 'expire-temporary-uploads', prefix: 'tmp/', expiration: Duration.days(90) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      cors: [
        {
          allowedOrigins: [props.webOrigin],
          allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.POST, s3.HttpMethods.HEAD],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      // Medical documents are never deleted by a stack operation, not even in dev.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.readWritePolicy = new iam.ManagedPolicy(this, 'ReadWritePolicy', {
      description: 'Documents: read, write and delete objects in the uploads bucket',
      statements: [
        new iam.PolicyStatement({
          sid: 'Objects',
          // AbortMultipartUpload: a refused upload (wrong type, too large) is cleaned up at once.
          actions: [
            's3:GetObject',
            's3:GetObjectVersion',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
          ],
          resources: [this.bucket.arnForObjects('*')],
        }),
        new iam.PolicyStatement({
          sid: 'List',
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'Encryption',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [props.key.keyArn],
        }),
      ],
    });
  }
}
