// THE register of cdk-nag acknowledgements: every rule we accept instead of fixing, where, and why.
// Nothing else in infra/ may call Validations.of(...).acknowledge; test/nag.test.ts checks both that and the count.
import type { Stack } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EnvName } from '../../config/index.js';

export type StackKey = 'foundation' | 'network' | 'data' | 'registry' | 'services' | 'edge' | 'monitoring';

export interface Acknowledgement {
  readonly stack: StackKey;
  /** Construct path below the stack ('' = the whole stack). */
  readonly path: string;
  /** Rule id as cdk-nag reports it, including a [finding] suffix where the rule has one. */
  readonly id: string;
  readonly reason: string;
  /** Environments it applies to; all when absent. */
  readonly envs?: readonly EnvName[];
}

const INLINE_POLICY =
  'CDK grants write least-privilege, resource-scoped statements into a policy attached to exactly one role ' +
  '(AWS::IAM::Policy); it lives and dies with that role. Separate managed policies would add reuse we do not want.';
const NO_REPLICATION =
  'Single-region deployment by decision (docs/decisions/013-hipaa-nag-acknowledgements.md): durability comes from ' +
  'S3 (11 nines), versioning and retained buckets; cross-region replication is a later, costed step.';

const PINNED_AZS =
  'AZs are pinned in config/<env>.ts so synthesis needs no AWS lookup and the writer/reader, subnets and cache ' +
  'nodes land in known, different AZs (CDK built-in CloudFormation validation, warning W3010).';

export const ACKNOWLEDGEMENTS: readonly Acknowledgement[] = [
  // --- Not cdk-nag: the CloudFormation validator CDK runs itself, registered here so every acknowledgement is in one place.
  { stack: 'network', path: '', id: 'CloudFormation-Validate::W3010', reason: PINNED_AZS },
  { stack: 'data', path: '', id: 'CloudFormation-Validate::W3010', reason: PINNED_AZS },

  // --- Inline (role-attached) policies written by CDK grants, one per stack that has roles.
  { stack: 'foundation', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },
  { stack: 'network', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },

  // --- Network
  {
    stack: 'network',
    path: 'Vpc',
    id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
    reason:
      'Only the public subnets route 0.0.0.0/0 to the internet gateway: they hold the internet-facing ALB and the ' +
      'NAT gateways, which need it. App and data subnets have no IGW route.',
  },
  {
    stack: 'network',
    path: 'AlbSg',
    id: 'AwsSolutions-EC23',
    reason:
      'The ALB is internet-facing by design (80 redirects, 443 serves); the regional WAF ACL filters what reaches it.',
  },

  // --- Buckets
  {
    stack: 'foundation',
    path: 'AccessLogs/Bucket',
    id: 'HIPAA.Security-S3DefaultEncryptionKMS',
    reason:
      'ALB access-log delivery and S3 server access logging only support SSE-S3 on the target bucket; the bucket ' +
      'holds request metadata, not PHI bodies.',
  },
  {
    stack: 'foundation',
    path: 'AccessLogs/Bucket',
    id: 'HIPAA.Security-S3BucketReplicationEnabled',
    reason: NO_REPLICATION,
  },
  {
    stack: 'foundation',
    path: 'TrailBucket',
    id: 'HIPAA.Security-S3BucketReplicationEnabled',
    reason: NO_REPLICATION,
  },
  {
    stack: 'data',
    path: 'Uploads/Bucket',
    id: 'HIPAA.Security-S3BucketReplicationEnabled',
    reason: NO_REPLICATION,
  },

  // --- Data
  {
    stack: 'data',
    path: 'Database/Cluster',
    id: 'HIPAA.Security-RDSInBackupPlan',
    reason:
      'AWS Backup protects Aurora at the cluster level and the backup selection names the cluster; the rule only ' +
      'recognises instance ARNs, which AWS Backup does not back up for Aurora.',
  },
  {
    stack: 'data',
    path: 'Database/Cluster',
    id: 'AwsSolutions-RDS10',
    reason: 'dev is torn down and recreated from code (docs/deploy-aws.md); prod has deletion protection on.',
    envs: ['dev'],
  },
  {
    stack: 'data',
    path: 'Database/Cluster',
    id: 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
    reason: 'dev holds no real patient data and is torn down nightly; prod has deletion protection on.',
    envs: ['dev'],
  },
  {
    stack: 'data',
    path: 'Database/Cluster/MonitoringRole',
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
    reason:
      'AWS documents this managed policy as the enhanced-monitoring role policy; it only writes RDS OS metrics.',
  },
  {
    stack: 'data',
    path: 'BackupPlan/Database/Role',
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
    reason:
      'The AWS Backup service role policy AWS maintains as services are added; assumed by backup.amazonaws.com only.',
  },
  {
    stack: 'data',
    path: 'Cache/AuthToken',
    id: 'AwsSolutions-SMG4',
    reason:
      'Rotating the Redis AUTH token needs a coordinated ModifyReplicationGroup (ROTATE then SET) while tasks ' +
      'reconnect; it is a runbook step (docs/deploy-aws.md), not a Secrets Manager rotation Lambda.',
  },
  {
    stack: 'data',
    path: 'Cache/AuthToken',
    id: 'HIPAA.Security-SecretsManagerRotationEnabled',
    reason:
      'See AwsSolutions-SMG4 on the same secret: rotated by runbook together with the replication group.',
  },
  {
    stack: 'data',
    path: 'AdminSecret',
    id: 'AwsSolutions-SMG4',
    reason:
      'Bootstrap credential read once, when no user exists, to create the first admin; that admin then changes ' +
      'the password in the app. Rotating the secret afterwards would change nothing.',
  },
  {
    stack: 'data',
    path: 'AdminSecret',
    id: 'HIPAA.Security-SecretsManagerRotationEnabled',
    reason: 'See AwsSolutions-SMG4 on the same secret: a one-time bootstrap credential.',
  },
];

export function acknowledgementsFor(env: EnvName): Acknowledgement[] {
  return ACKNOWLEDGEMENTS.filter((a) => !a.envs || a.envs.includes(env));
}

function findConstruct(stack: Stack, path: string): IConstruct {
  let node: IConstruct = stack;
  for (const part of path.split('/').filter(Boolean)) {
    const child = node.node.tryFindChild(part);
    if (!child)
      throw new Error(`Acknowledgement register: ${stack.stackName}/${path} does not exist (at "${part}")`);
    node = child;
  }
  return node;
}

/** Applies the register; a stale path fails synthesis so the register cannot rot. */
export function applyAcknowledgements(env: EnvName, stacks: Readonly<Record<StackKey, Stack>>): number {
  const entries = acknowledgementsFor(env);
  for (const a of entries) {
    Validations.of(findConstruct(stacks[a.stack], a.path)).acknowledge({ id: a.id, reason: a.reason });
  }
  return entries.length;
}
