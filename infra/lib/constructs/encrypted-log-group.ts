// A CloudWatch log group that is always KMS-encrypted and always has a retention (HIPAA-minded defaults).
import type { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  readonly logGroupName?: string;
  readonly key: kms.IKey;
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export function encryptedLogGroup(
  scope: Construct,
  id: string,
  props: EncryptedLogGroupProps,
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    ...(props.logGroupName ? { logGroupName: props.logGroupName } : {}),
    encryptionKey: props.key,
    retention: props.retention,
    removalPolicy: props.removalPolicy,
  });
}
