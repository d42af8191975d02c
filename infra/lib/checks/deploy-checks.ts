// Deploy-time checks beside cdk-nag, for what nag cannot see because it reads one resource at a time:
// 1. every customer-managed KMS key's policy admits each AWS service that encrypts with it;
// 2. nothing kept on delete (DeletionPolicy Retain / RetainExceptOnCreate) carries a fixed physical name;
// 3. no physical name exceeds its service's limit;
// 4. in prod, every alarm sends to an SNS topic that has a subscriber.
// A CDK validation plugin, registered like the nag packs: a finding fails `cdk synth` and the infra tests.
import type {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import type { EnvName } from '../../config/index.js';
import { flatten, prop, readTemplates, refersTo, type Resource, type Templates } from './template.js';

type Finding = { rule: string; resource: Resource; message: string };

/** Services that encrypt with a key under their own principal (the key policy must name them). */
const SERVICE_PRINCIPAL_USES: readonly {
  type: string;
  keyProperty: string;
  principal: RegExp;
  actions: readonly string[];
  /** Only when this holds (e.g. a topic that alarms publish to). */
  when?: (r: Resource, t: Templates) => boolean;
}[] = [
  {
    type: 'AWS::CloudTrail::Trail',
    keyProperty: 'KMSKeyId',
    principal: /^cloudtrail\.amazonaws\.com$/,
    actions: ['kms:GenerateDataKey*'],
  },
  {
    type: 'AWS::Logs::LogGroup',
    keyProperty: 'KmsKeyId',
    principal: /^logs\.([a-z]{2}-[a-z]+-\d|\$\{AWS::Region\})\.amazonaws\.com$/,
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt*'],
  },
  {
    type: 'AWS::SNS::Topic',
    keyProperty: 'KmsMasterKeyId',
    principal: /^cloudwatch\.amazonaws\.com$/,
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    when: (topic, t) =>
      t.resources.some(
        (a) =>
          a.type === 'AWS::CloudWatch::Alarm' &&
          refersTo(flatten(prop(a, 'AlarmActions'), a.stack, t), topic),
      ),
  },
  {
    type: 'AWS::S3::Bucket',
    keyProperty: 'BucketEncryption',
    principal: /^cloudfront\.amazonaws\.com$/,
    actions: ['kms:Decrypt'],
    when: (bucket, t) =>
      t.resources.some(
        (d) =>
          d.type === 'AWS::CloudFront::Distribution' &&
          refersTo(flatten(prop(d, 'DistributionConfig.Origins'), d.stack, t), bucket) &&
          flatten(prop(d, 'DistributionConfig.Origins'), d.stack, t).includes('OriginAccessControlId'),
      ),
  },
];

/** Services that encrypt through the caller's IAM permissions (kms:ViaService): the key must delegate to IAM. */
const IAM_DELEGATED_USES: readonly { type: string; keyProperty: string }[] = [
  { type: 'AWS::RDS::DBCluster', keyProperty: 'KmsKeyId' },
  { type: 'AWS::RDS::DBCluster', keyProperty: 'MasterUserSecret' },
  { type: 'AWS::RDS::DBInstance', keyProperty: 'PerformanceInsightsKMSKeyId' },
  { type: 'AWS::ElastiCache::ReplicationGroup', keyProperty: 'KmsKeyId' },
  { type: 'AWS::SecretsManager::Secret', keyProperty: 'KmsKeyId' },
  { type: 'AWS::Backup::BackupVault', keyProperty: 'EncryptionKeyArn' },
  { type: 'AWS::S3::Bucket', keyProperty: 'BucketEncryption' },
];

/** The physical-name property of each named type, and the service's length limit. */
export const NAME_LIMITS: Readonly<Record<string, readonly [property: string, max: number]>> = {
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['Name', 32],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['Name', 32],
  'AWS::IAM::Role': ['RoleName', 64],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName', 128],
  'AWS::Lambda::Function': ['FunctionName', 64],
  'AWS::Logs::LogGroup': ['LogGroupName', 512],
  'AWS::ECR::Repository': ['RepositoryName', 256],
  'AWS::SNS::Topic': ['TopicName', 256],
  'AWS::CloudWatch::Alarm': ['AlarmName', 255],
  'AWS::CloudWatch::Dashboard': ['DashboardName', 255],
  'AWS::SecretsManager::Secret': ['Name', 512],
  'AWS::S3::Bucket': ['BucketName', 63],
  'AWS::ECS::Cluster': ['ClusterName', 255],
  'AWS::ECS::Service': ['ServiceName', 255],
  'AWS::ECS::TaskDefinition': ['Family', 255],
  'AWS::RDS::DBCluster': ['DBClusterIdentifier', 63],
  'AWS::ElastiCache::ReplicationGroup': ['ReplicationGroupId', 40],
  'AWS::WAFv2::WebACL': ['Name', 128],
  'AWS::Backup::BackupVault': ['BackupVaultName', 50],
  'AWS::Backup::BackupPlan': ['BackupPlan.BackupPlanName', 50],
  'AWS::CloudFront::Function': ['Name', 64],
  'AWS::CloudFront::CachePolicy': ['CachePolicyConfig.Name', 128],
  'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig.Name', 128],
  'AWS::CloudTrail::Trail': ['TrailName', 128],
  'AWS::KMS::Alias': ['AliasName', 256],
};

/** A token (`${…}`) counts as this many characters: the 8 hex of uniquePerCreation, or a short id. */
const TOKEN_LENGTH = 8;

/** Named resources kept on delete, accepted with a reason (the checks' own register). */
export const RETAINED_NAME_EXCEPTIONS: readonly {
  type: string;
  envs?: readonly EnvName[];
  reason: string;
}[] = [
  {
    type: 'AWS::ECR::Repository',
    reason:
      "The repository names are the pipelines' contract (CI pushes by name; the Ci stack scopes its policy by " +
      'name), and the Registry stack is never part of a tear-down. Recreating it after a deliberate delete starts ' +
      'with `cdk import` of the kept repositories (docs/deploy-aws.md).',
  },
  {
    type: 'AWS::Logs::LogGroup',
    envs: ['prod'],
    reason:
      "prod's logs are evidence kept a year (HIPAA): a stack delete must not take them, and their names are what " +
      'RDS (/aws/rds/cluster/<id>/…), WAF (aws-waf-logs-…), the runbooks and the dashboard expect. prod stacks have ' +
      'termination protection; re-creating one after a delete is a recovery step that starts by renaming or ' +
      'importing the kept groups (docs/deploy-aws.md).',
  },
];

const RULES: Readonly<Record<string, string>> = {
  KmsKeyAdmitsEncryptingService:
    "A customer-managed key must admit every AWS service that encrypts with it (its own principal, or IAM delegation for services that act with the caller's permissions)",
  RetainedResourceHasNoFixedName:
    'A resource kept on delete must not carry a fixed physical name: the next create collides with the one left behind',
  PhysicalNameWithinLimit: "A physical name must fit its service's length limit",
  AlarmReachesASubscriber: 'In prod every alarm must send to an SNS topic that has a subscriber',
};

const RETAINED = new Set(['Retain', 'RetainExceptOnCreate']);

/** Length of a flattened value with every outermost `${…}` counted as TOKEN_LENGTH. */
export function nameLength(flat: string): number {
  let length = 0;
  for (let i = 0; i < flat.length; i += 1) {
    if (flat[i] === '$' && flat[i + 1] === '{') {
      let depth = 0;
      let j = i + 1;
      for (; j < flat.length; j += 1) {
        if (flat[j] === '{') depth += 1;
        if (flat[j] === '}' && --depth === 0) break;
      }
      length += TOKEN_LENGTH;
      i = j;
    } else {
      length += 1;
    }
  }
  return length;
}

type Statement = { Effect?: string; Principal?: unknown; Action?: unknown };
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function admits(key: Resource, t: Templates, principal: RegExp, actions: readonly string[]): boolean {
  const statements = list(prop(key, 'KeyPolicy.Statement')) as Statement[];
  const allowed = new Set<string>();
  for (const s of statements) {
    if (s.Effect !== 'Allow') continue;
    const p = s.Principal as { Service?: unknown } | undefined;
    const services = list(p?.Service).map((x) => flatten(x, key.stack, t));
    if (!services.some((x) => principal.test(x))) continue;
    for (const a of list(s.Action)) allowed.add(String(a));
  }
  return allowed.has('kms:*') || actions.every((a) => allowed.has(a));
}

function delegatesToIam(key: Resource, t: Templates): boolean {
  return (list(prop(key, 'KeyPolicy.Statement')) as Statement[]).some((s) => {
    const p = s.Principal as { AWS?: unknown } | undefined;
    const root = list(p?.AWS).some((x) => /:root$/.test(flatten(x, key.stack, t)));
    return s.Effect === 'Allow' && root && list(s.Action).includes('kms:*');
  });
}

export function checkKeyPolicies(t: Templates): Finding[] {
  const findings: Finding[] = [];
  const keys = t.resources.filter((r) => r.type === 'AWS::KMS::Key');
  for (const use of SERVICE_PRINCIPAL_USES) {
    for (const r of t.resources.filter((x) => x.type === use.type)) {
      const flat = flatten(prop(r, use.keyProperty), r.stack, t);
      for (const key of keys.filter((k) => refersTo(flat, k))) {
        if (use.when && !use.when(r, t)) continue;
        if (!admits(key, t, use.principal, use.actions)) {
          findings.push({
            rule: 'KmsKeyAdmitsEncryptingService',
            resource: key,
            message: `${r.stack}/${r.id} (${r.type}) encrypts with this key, but its policy does not allow ${use.principal.source.replace(/\\/g, '')} ${use.actions.join(', ')}`,
          });
        }
      }
    }
  }
  for (const use of IAM_DELEGATED_USES) {
    for (const r of t.resources.filter((x) => x.type === use.type)) {
      const flat = flatten(prop(r, use.keyProperty), r.stack, t);
      for (const key of keys.filter((k) => refersTo(flat, k) && !delegatesToIam(k, t))) {
        findings.push({
          rule: 'KmsKeyAdmitsEncryptingService',
          resource: key,
          message: `${r.stack}/${r.id} (${r.type}) encrypts with this key through IAM (kms:ViaService), but the key policy does not delegate to the account's IAM`,
        });
      }
    }
  }
  return findings;
}

export function checkRetainedNames(t: Templates, env: EnvName): Finding[] {
  const findings: Finding[] = [];
  for (const r of t.resources) {
    if (!r.deletionPolicy || !RETAINED.has(r.deletionPolicy)) continue;
    const limit = NAME_LIMITS[r.type];
    const name = limit && limit[0] !== 'Tags' ? prop(r, limit[0]) : undefined;
    if (name === undefined) continue;
    if (flatten(name, r.stack, t).includes('AWS::StackId')) continue;
    if (RETAINED_NAME_EXCEPTIONS.some((e) => e.type === r.type && (!e.envs || e.envs.includes(env))))
      continue;
    findings.push({
      rule: 'RetainedResourceHasNoFixedName',
      resource: r,
      message: `kept on delete (${r.deletionPolicy}) with the fixed name "${flatten(name, r.stack, t)}": the next create of this stack collides with the one left behind (use uniquePerCreation)`,
    });
  }
  return findings;
}

export function checkNameLengths(t: Templates): Finding[] {
  const findings: Finding[] = [];
  for (const r of t.resources) {
    const limit = NAME_LIMITS[r.type];
    if (!limit || limit[0] === 'Tags') continue;
    const name = prop(r, limit[0]);
    if (name === undefined) continue;
    const flat = flatten(name, r.stack, t);
    if (nameLength(flat) > limit[1]) {
      findings.push({
        rule: 'PhysicalNameWithinLimit',
        resource: r,
        message: `${limit[0]} "${flat}" is ${nameLength(flat)} characters; ${r.type} allows ${limit[1]}`,
      });
    }
  }
  return findings;
}

export function checkAlarmsReachSomeone(t: Templates): Finding[] {
  const findings: Finding[] = [];
  const topics = t.resources.filter((r) => r.type === 'AWS::SNS::Topic');
  const subscribed = (topic: Resource) =>
    list(prop(topic, 'Subscription')).length > 0 ||
    t.resources.some(
      (s) => s.type === 'AWS::SNS::Subscription' && refersTo(flatten(prop(s, 'TopicArn'), s.stack, t), topic),
    );
  for (const alarm of t.resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm')) {
    const actions = list(prop(alarm, 'AlarmActions')).map((a) => flatten(a, alarm.stack, t));
    const reached = actions.some((a) => topics.some((topic) => refersTo(a, topic) && subscribed(topic)));
    if (!reached) {
      findings.push({
        rule: 'AlarmReachesASubscriber',
        resource: alarm,
        message: 'no alarm action sends to an SNS topic that has a subscription: this alarm reaches nobody',
      });
    }
  }
  return findings;
}

export function runDeployChecks(t: Templates, env: EnvName): Finding[] {
  return [
    ...checkKeyPolicies(t),
    ...checkRetainedNames(t, env),
    ...checkNameLengths(t),
    ...(env === 'prod' ? checkAlarmsReachSomeone(t) : []),
  ];
}

/** The checks as a CDK validation plugin: any finding fails synthesis. */
export class DeployChecks implements IPolicyValidationPlugin {
  readonly name = 'MedicareHub-DeployChecks';
  readonly version = '1';
  readonly ruleIds = [
    'KmsKeyAdmitsEncryptingService',
    'RetainedResourceHasNoFixedName',
    'PhysicalNameWithinLimit',
    'AlarmReachesASubscriber',
  ];

  constructor(private readonly env: EnvName) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = context.stackTemplates.map((s) => ({
      name: s.stackConstructPath,
      templatePath: s.templatePath,
    }));
    const findings = runDeployChecks(readTemplates(stacks), this.env);
    const rules = [...new Set(findings.map((f) => f.rule))];
    return {
      success: findings.length === 0,
      violations: rules.map((rule) => ({
        ruleName: rule,
        description: RULES[rule] ?? rule,
        severity: 'error',
        violatingResources: findings
          .filter((f) => f.rule === rule)
          .map((f) => ({
            resourceLogicalId: f.resource.id,
            templatePath: f.resource.templatePath,
            locations: [f.message],
          })),
      })),
    };
  }
}
