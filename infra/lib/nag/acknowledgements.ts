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

/** Construct ids of the three services in the services stack. */
const SERVICES = ['Patients', 'Appointments', 'Core'] as const;

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
  {
    stack: 'edge',
    path: '',
    id: '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
    reason:
      'CDK warning, not cdk-nag: the web key lets CloudFront decrypt for any distribution of this account only ' +
      '(aws:SourceArn distribution/*), which breaks the key-bucket-distribution cycle; the buckets hold the ' +
      'public web app and the maintenance page, no PHI.',
  },

  // --- Inline (role-attached) policies written by CDK grants, one per stack that has roles.
  { stack: 'foundation', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },
  { stack: 'network', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },
  { stack: 'data', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },
  { stack: 'services', path: '', id: 'HIPAA.Security-IAMNoInlinePolicy', reason: INLINE_POLICY },

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
  {
    stack: 'edge',
    path: 'WebBucket',
    id: 'HIPAA.Security-S3BucketReplicationEnabled',
    reason: NO_REPLICATION,
  },
  {
    stack: 'edge',
    path: 'MaintenanceBucket',
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
    path: 'Uploads/ReadWritePolicy',
    id: 'AwsSolutions-IAM5[Resource::<UploadsBucketC4B27CC7.Arn>/*]',
    reason:
      'Object-level S3 permissions need an object ARN pattern; it is limited to this one bucket, four object ' +
      'actions, and attached only to the patients task role.',
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

  {
    stack: 'data',
    path: 'SigningKey/Secret',
    id: 'AwsSolutions-SMG4',
    reason:
      'Rotating the token signing key is a three-step deploy (publish the new public key to every service, then ' +
      'sign with the new private key, then drop the old public key after 15 minutes; docs/deploy-aws.md). A ' +
      'Secrets Manager rotation would change the secret without redeploying the tasks that read it at start.',
  },
  {
    stack: 'data',
    path: 'SigningKey/Secret',
    id: 'HIPAA.Security-SecretsManagerRotationEnabled',
    reason: 'See AwsSolutions-SMG4 on the same secret: rotated by the documented, staged redeploy procedure.',
  },
  {
    stack: 'data',
    path: 'SigningKey/Role',
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'A function in a VPC must create, describe and delete its network interfaces; these EC2 actions take no ' +
      'resource-level scoping (the same statement as AWSLambdaVPCAccessExecutionRole). Everything else on the ' +
      'role names its one secret, key, topic key and log group.',
  },

  // --- Services
  {
    stack: 'services',
    path: 'Alb',
    id: 'HIPAA.Security-ELBDeletionProtectionEnabled',
    reason: 'dev is torn down and recreated from code every evening (docs/deploy-aws.md); prod has it on.',
    envs: ['dev'],
  },
  {
    stack: 'services',
    path: 'Alb/Redirect80To443',
    id: 'HIPAA.Security-ELBv2ACMCertificateRequired',
    reason:
      'The port-80 listener only answers 301 to HTTPS and forwards nothing, so it has no certificate to hold.',
  },
  ...SERVICES.flatMap((service): Acknowledgement[] => [
    {
      stack: 'services',
      path: `${service}/TaskDef`,
      id: 'AwsSolutions-ECS2',
      reason:
        'Plain environment values are non-secret configuration (service name, port, hostnames, log level); every ' +
        'credential is injected from Secrets Manager through the task definition secrets.',
    },
    {
      stack: 'services',
      path: `${service}/ExecutionRole`,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires "*"); image pulls themselves ' +
        "are limited to this service's repository.",
    },
    {
      stack: 'services',
      path: `${service}/TaskRole`,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace and sampling writes (the ADOT sidecar) and, for core, Polly SynthesizeSpeech and Transcribe ' +
        'streaming have no resource-level permissions; actions are listed one by one, no action wildcards.',
    },
  ]),
  {
    stack: 'services',
    path: 'EcsTrafficShiftRole',
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers]',
    reason:
      'The policy AWS documents and maintains for ECS blue/green and canary deployments (register targets, move ' +
      'listener rule weights); assumed by ecs.amazonaws.com only. A hand-written copy would still need "*" for ' +
      'the elasticloadbalancing Describe calls and would silently fall behind what ECS calls.',
    envs: ['prod'],
  },
  {
    stack: 'services',
    path: 'Core/TaskRole',
    id: 'AwsSolutions-IAM5[Resource::arn:aws:bedrock:*::foundation-model/anthropic.claude-*]',
    reason:
      'Claude models only, invoke actions only; the region is "*" because cross-region inference profiles route ' +
      'a call to the model in another US region.',
  },
  {
    stack: 'services',
    path: 'Core/TaskRole',
    id: 'AwsSolutions-IAM5[Resource::arn:aws:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/us.anthropic.claude-*]',
    reason:
      'The US cross-region inference profiles for Claude in this account and region, so model versions can move.',
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
