// Settings that several stacks give the same kind of resource; one copy each, so they cannot drift.
import { Duration, type Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { APP_PORT } from '../ports.js';

/** Every bucket of ours: private, TLS 1.2+ only, owner-enforced objects, versioned, a KMS bucket key. */
export const PRIVATE_BUCKET = {
  bucketKeyEnabled: true,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
} as const satisfies s3.BucketProps;

/** The key policy statement that lets CloudWatch Logs encrypt this account's log groups with a key. */
export const logsMayEncrypt = (stack: Stack) =>
  new iam.PolicyStatement({
    sid: 'CloudWatchLogsEncryptsLogGroupsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${stack.region}:${stack.account}:*` },
    },
  });

/** The app container's own health check: GET /health with Node's fetch (curl may not be in the image). */
export const APP_HEALTH_CHECK: ecs.HealthCheck = {
  command: [
    'CMD',
    'node',
    '-e',
    `fetch('http://127.0.0.1:${APP_PORT}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
  ],
  interval: Duration.seconds(30),
  timeout: Duration.seconds(5),
  retries: 3,
  startPeriod: Duration.seconds(30),
};
