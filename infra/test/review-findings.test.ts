// Issue 16: a review of the synthesized templates, read as CloudFormation and AWS would read them. One describe
// per numbered finding; each failed on the templates before its fix.
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../config/index.js';
import { dev } from '../config/dev.js';
import { prod } from '../config/prod.js';
import { buildApp } from '../lib/app.js';
import { checkKeyPolicies, checkNameLengths, checkRetainedNames } from '../lib/checks/deploy-checks.js';
import { fromTemplates } from '../lib/checks/template.js';
import { ACKNOWLEDGEMENTS } from '../lib/nag/acknowledgements.js';
import { CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST } from '../lib/stacks/network-stack.js';
import { newApp, STACK_KEYS, synth } from './synth.js';

type Res = { Properties: Record<string, unknown>; DeletionPolicy?: string };
const ENVS = ['dev', 'prod'] as const;
const all = (env: 'dev' | 'prod') =>
  fromTemplates(STACK_KEYS.map((k) => ({ name: k, template: synth(env).template(k).toJSON() })));
const resources = (
  env: 'dev' | 'prod',
  key: Parameters<ReturnType<typeof synth>['template']>[0],
  type: string,
) => Object.values(synth(env).template(key).findResources(type)) as Res[];

describe.each(ENVS)('%s: finding 1, Foundation can be created', (env) => {
  it('lets CloudTrail encrypt the trail with the logs key, for this trail only', () => {
    synth(env)
      .template('foundation')
      .hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'CloudTrailEncryptsLogFilesOfThisTrail',
              Principal: { Service: 'cloudtrail.amazonaws.com' },
              Action: 'kms:GenerateDataKey*',
              Condition: Match.objectLike({
                StringEquals: {
                  'aws:SourceArn': Match.stringLikeRegexp(`trail/healthcare-app-${env}-trail`),
                },
              }),
            }),
          ]),
        },
      });
  });

  it('finds every key admitting every service that encrypts with it', () => {
    expect(checkKeyPolicies(all(env)).map((f) => f.message)).toEqual([]);
  });
});

describe.each(ENVS)('%s: finding 2, a torn-down stack can be created again', (env) => {
  it('names the retained backup vault per stack creation', () => {
    const [vault] = resources(env, 'data', 'AWS::Backup::BackupVault');
    expect(vault?.DeletionPolicy).toBe('Retain');
    expect(JSON.stringify(vault?.Properties.BackupVaultName)).toContain('AWS::StackId');
  });

  it('leaves nothing retained under a fixed name outside the checks register', () => {
    expect(checkRetainedNames(all(env), env).map((f) => `${f.resource.stack}/${f.resource.id}`)).toEqual([]);
  });
});

describe.each(ENVS)('%s: finding 3, rate limits count people, not CloudFront', (env) => {
  const rules = (key: 'edge' | 'services') =>
    (resources(env, key, 'AWS::WAFv2::WebACL')[0]?.Properties.Rules ?? []) as {
      Name: string;
      Statement: { RateBasedStatement?: { Limit: number; AggregateKeyType: string } };
    }[];

  it('puts no per-address rate rule on the ALB, where every address is a CloudFront edge', () => {
    expect(rules('services').filter((r) => r.Statement.RateBasedStatement)).toEqual([]);
  });

  it("limits each client at CloudFront's WAF: an office's worth overall, the seeds' 100 for sign-in and /predict", () => {
    const rate = Object.fromEntries(
      rules('edge')
        .filter((r) => r.Statement.RateBasedStatement)
        .map((r) => [r.Name, r.Statement.RateBasedStatement]),
    );
    expect(rate.RateLimitPerClient).toMatchObject({ Limit: 3000, AggregateKeyType: 'IP' });
    expect(rate.RateLimitSensitivePerClient).toMatchObject({ Limit: 100, AggregateKeyType: 'IP' });
    const scope = JSON.stringify(rate.RateLimitSensitivePerClient);
    expect(scope).toContain('/api/auth/login');
    expect(scope).toContain('/predict');
  });
});

describe.each(ENVS)('%s: finding 4, the ALB answers CloudFront only', (env) => {
  it("takes 443 from CloudFront's origin-facing prefix list only, and nothing on 80", () => {
    const t = synth(env).template('network');
    const albSg = Object.keys(t.findResources('AWS::EC2::SecurityGroup')).find((k) => k.startsWith('AlbSg'))!;
    const ingress = (Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')) as Res[])
      .map((r) => r.Properties)
      .filter((p) => JSON.stringify(p.GroupId).includes(albSg));
    expect(ingress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourcePrefixListId: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST['us-east-1'],
      }),
    ]);
    const listeners = resources(env, 'services', 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners.map((l) => l.Properties.Port)).toEqual([443]);
  });

  it('forwards nothing without the secret origin header, which CloudFront sends and Secrets Manager rotates', () => {
    const rules = resources(env, 'services', 'AWS::ElasticLoadBalancingV2::ListenerRule');
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      const header = JSON.stringify(
        (rule.Properties.Conditions as { Field: string }[]).find((c) => c.Field === 'http-header'),
      );
      expect(header).toContain('x-origin-verify');
      expect(header).toContain('{{resolve:secretsmanager:');
    }
    const [listener] = resources(env, 'services', 'AWS::ElasticLoadBalancingV2::Listener');
    expect(JSON.stringify(listener?.Properties.DefaultActions)).toContain('"StatusCode":"403"');
    const origins = JSON.stringify(resources(env, 'edge', 'AWS::CloudFront::Distribution'));
    expect(origins).toMatch(
      /"HeaderName":"x-origin-verify","HeaderValue":\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:/,
    );
    synth(env)
      .template('foundation')
      .hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
  });

  it('fails over on CloudWatch, since Route 53 checkers may no longer reach the ALB', () => {
    const checks = resources(env, 'edge', 'AWS::Route53::HealthCheck').map(
      (c) => (c.Properties.HealthCheckConfig as { Type: string }).Type,
    );
    expect(checks.sort()).toEqual(
      ['CALCULATED', ...Array<string>(env === 'prod' ? 2 : 1).fill('CLOUDWATCH_METRIC')].sort(),
    );
  });
});

describe.each(ENVS)('%s: finding 5, no credential in the WAF logs', (env) => {
  it('redacts authorization, cookie and sec-websocket-protocol in both ACLs', () => {
    for (const key of ['edge', 'services'] as const) {
      const [logging] = resources(env, key, 'AWS::WAFv2::LoggingConfiguration');
      expect(logging?.Properties.RedactedFields).toEqual(
        ['authorization', 'cookie', 'sec-websocket-protocol'].map((Name) => ({ SingleHeader: { Name } })),
      );
    }
  });
});

describe('prod: finding 6, monitoring follows the canary into green', () => {
  const greenRef = (service: string) => new RegExp(`${service}GreenTargets`);

  it('watches blue and green for unhealthy hosts, on the dashboard and in request scaling', () => {
    const alarms = resources('prod', 'monitoring', 'AWS::CloudWatch::Alarm');
    const body = JSON.stringify(resources('prod', 'monitoring', 'AWS::CloudWatch::Dashboard'));
    const policies = resources('prod', 'services', 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) =>
      JSON.stringify(p).includes('RequestCount'),
    );
    expect(policies).toHaveLength(3);
    for (const service of ['patients', 'appointments', 'core']) {
      const alarm = alarms.find(
        (a) => a.Properties.AlarmName === `healthcare-app-prod-${service}-unhealthy-hosts`,
      );
      expect(JSON.stringify(alarm), service).toMatch(greenRef(service));
      expect(JSON.stringify(alarm), service).toMatch(new RegExp(`${service}Targets`));
      expect(body, service).toMatch(greenRef(service));
      expect(
        policies.some((p) => greenRef(service).test(JSON.stringify(p))),
        service,
      ).toBe(true);
    }
  });
});

describe('finding 7: alarms reach someone, in two tiers', () => {
  it('refuses to synthesize prod without an alarm subscriber', () => {
    expect(() => loadConfig('prod')).toThrow(/alarmEmail/);
  });

  it('subscribes the critical and the warning topic in prod', () => {
    const subs = resources('prod', 'foundation', 'AWS::SNS::Subscription').map((s) =>
      JSON.stringify(s.Properties.TopicArn),
    );
    expect(subs.some((s) => s.includes('AlarmTopic'))).toBe(true);
    expect(subs.some((s) => s.includes('WarningTopic'))).toBe(true);
  });

  it.each(ENVS)('%s: sends S3.11 critical and warning to separate topics', (env) => {
    const byName = Object.fromEntries(
      resources(env, 'monitoring', 'AWS::CloudWatch::Alarm').map((a) => [
        String(a.Properties.AlarmName).replace(`healthcare-app-${env}-`, ''),
        a.Properties,
      ]),
    );
    const tier = (name: string) =>
      JSON.stringify(byName[name]?.AlarmActions).match(/(AlarmTopic|WarningTopic)/)?.[1];
    expect(byName['core-cpu-critical']).toMatchObject({ Threshold: 90, EvaluationPeriods: 5 });
    expect(byName['core-cpu-warning']).toMatchObject({ Threshold: 70, EvaluationPeriods: 10 });
    for (const critical of ['core-cpu-critical', 'alb-5xx', 'db-connections-high', 'origin-health-check'])
      expect(tier(critical), critical).toBe('AlarmTopic');
    for (const warning of ['core-cpu-warning', 'alb-latency-p99'])
      expect(tier(warning), warning).toBe('WarningTopic');
  });
});

describe.each(ENVS)('%s: finding 8, one database identity per service', (env) => {
  const containers = () =>
    resources(env, 'services', 'AWS::ECS::TaskDefinition').map((td) => {
      const [app] = td.Properties.ContainerDefinitions as {
        Environment: { Name: string; Value: unknown }[];
        Secrets: { Name: string; ValueFrom: unknown }[];
      }[];
      const envOf = (n: string) => app?.Environment.find((e) => e.Name === n)?.Value;
      return {
        service: envOf('SERVICES') as string,
        migrate: envOf('DATABASE_MIGRATE'),
        user: JSON.stringify(app?.Secrets.find((s) => s.Name === 'PGUSER')?.ValueFrom),
        all: JSON.stringify(app),
      };
    });

  it('gives each service its own secret, never the master secret, and lets only core migrate', () => {
    const c = containers();
    expect(c.map((x) => x.service).sort()).toEqual(['appointments', 'core', 'patients']);
    expect(new Set(c.map((x) => x.user)).size).toBe(3);
    for (const x of c) {
      expect(x.all, x.service).not.toMatch(/MasterUserSecret/);
      expect(x.user, x.service).toMatch(
        new RegExp(`DatabaseRoles${x.service[0]!.toUpperCase()}${x.service.slice(1)}Secret`),
      );
      expect(x.migrate, x.service).toBe(String(x.service === 'core'));
    }
  });

  it('creates the roles at deploy from those secrets, and rotates them', () => {
    const t = synth(env).template('data');
    t.resourceCountIs('Custom::DatabaseRoles', 1);
    for (const user of ['medicare_core', 'medicare_patients', 'medicare_appointments']) {
      t.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({ SecretStringTemplate: JSON.stringify({ username: user }) }),
      });
    }
    t.resourceCountIs('AWS::SecretsManager::RotationSchedule', 3);
    t.hasResourceProperties('AWS::RDS::DBCluster', { EnableHttpEndpoint: true });
  });
});

describe('finding 9: the smaller ones', () => {
  it('acknowledges the uploads policy with what it really allows, and to whom', () => {
    const [policy] = resources('dev', 'data', 'AWS::IAM::ManagedPolicy').filter((p) =>
      String(p.Properties.Description).startsWith('Documents'),
    );
    const [objects] = (
      policy?.Properties.PolicyDocument as { Statement: { Sid: string; Action: string[] }[] }
    ).Statement;
    const ack = ACKNOWLEDGEMENTS.find((a) => a.path === 'Uploads/ReadWritePolicy');
    for (const action of objects!.Action) expect(ack?.reason).toContain(action.replace('s3:', ''));
    expect(ack?.reason).toMatch(/patients and core/);
  });

  it('acknowledges the no-inline-policy rule per policy, never for a whole stack', () => {
    const wholeStack = ACKNOWLEDGEMENTS.filter((a) => a.path === '' && a.id.includes('IAMNoInlinePolicy'));
    expect(wholeStack).toEqual([]);
    // So a new inline policy fails synthesis.
    const app = newApp();
    const stacks = buildApp(app, loadConfig('dev'), { imageTag: 'test' });
    new iam.Role(stacks.services, 'Newcomer', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    }).addToPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: ['arn:aws:sqs:us-east-1:111111111111:q'],
      }),
    );
    expect(() => app.synth()).toThrow(
      /Newcomer\/DefaultPolicy[\s\S]*IAMNoInlinePolicy|IAMNoInlinePolicy[\s\S]*Newcomer/,
    );
  });

  it('refuses a region other than us-east-1', () => {
    expect(() => validateConfig({ ...dev, region: 'eu-west-1' as 'us-east-1' })).toThrow(/only us-east-1/);
  });

  it("gives dev its own delegated sub-zone of prod's zone, and keeps names inside each account's zone", () => {
    expect(dev.dns.zoneName).not.toBe(prod.dns.zoneName);
    expect(dev.dns.zoneName.endsWith(`.${prod.dns.zoneName}`)).toBe(true);
    expect(() => validateConfig({ ...dev, dns: { ...dev.dns, zoneName: prod.dns.zoneName } })).toThrow(
      /sub-zone/,
    );
    expect(() => validateConfig({ ...dev, dns: { ...dev.dns, appDomain: 'app.example.org' } })).toThrow(
      /inside/,
    );
  });

  it.each(ENVS)('%s: keeps target group names under 32 characters instead of cutting them', (env) => {
    const names = resources(env, 'services', 'AWS::ElasticLoadBalancingV2::TargetGroup').map((g) =>
      String(g.Properties.Name),
    );
    for (const n of names) expect(n.length, n).toBeLessThan(32);
    expect(checkNameLengths(all(env))).toEqual([]);
  });
});
