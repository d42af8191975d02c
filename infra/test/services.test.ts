// Registry and services stacks: ECR naming and lifecycle, task sizes and counts per environment, the one image
// with SERVICES per service, secrets injection, deploy safety, autoscaling, listener rules and health checks.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { pathPatternsOf } from '@medicare/contracts';
import { listenerRoutes, MAX_PATHS_PER_RULE } from '../lib/stacks/services-stack.js';
import { synth } from './synth.js';

type Res = { Properties: Record<string, unknown> };

describe.each([
  ['dev', { cpu: '256', memory: '512', tasks: { patients: [1, 2], appointments: [1, 2], core: [1, 2] } }],
  ['prod', { cpu: '512', memory: '1024', tasks: { patients: [2, 4], appointments: [2, 4], core: [2, 10] } }],
] as const)('%s services', (env, expected) => {
  const t = () => synth(env).template('services');
  const registry = () => synth(env).template('registry');

  it('has the three ECR repositories, scanned on push, keeping the last 5 tagged images', () => {
    for (const suffix of ['patient-service', 'appointment-service', 'core-service']) {
      registry().hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: `healthcare-app-${env}-${suffix}`,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
      });
    }
    const repos = Object.values(registry().findResources('AWS::ECR::Repository')) as Res[];
    expect(repos).toHaveLength(3);
    for (const repo of repos) {
      const policy = JSON.parse(
        (repo.Properties.LifecyclePolicy as { LifecyclePolicyText: string }).LifecyclePolicyText,
      ) as { rules: { selection: Record<string, unknown>; action: { type: string } }[] };
      expect(policy.rules).toContainEqual(
        expect.objectContaining({
          selection: {
            tagStatus: 'tagged',
            tagPatternList: ['*'],
            countType: 'imageCountMoreThan',
            countNumber: 5,
          },
          action: { type: 'expire' },
        }),
      );
    }
  });

  it('runs a cluster with Container Insights', () => {
    t().hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it.each(['patients', 'appointments', 'core'] as const)(
    '%s: task size, one image with SERVICES set, non-root, read-only root, secrets injected',
    (service) => {
      t().hasResourceProperties('AWS::ECS::TaskDefinition', {
        Family: `healthcare-app-${env}-${service}`,
        Cpu: expected.cpu,
        Memory: expected.memory,
        NetworkMode: 'awsvpc',
        RequiresCompatibilities: ['FARGATE'],
        ContainerDefinitions: Match.arrayWith([
          Match.objectLike({
            Name: 'app',
            User: '1001',
            ReadonlyRootFilesystem: true,
            PortMappings: [Match.objectLike({ ContainerPort: 3000 })],
            Environment: Match.arrayWith([
              { Name: 'PGPORT', Value: '5433' },
              { Name: 'SERVICES', Value: service },
              { Name: 'PORT', Value: '3000' },
            ]),
            Secrets: Match.arrayWith([
              Match.objectLike({ Name: 'PGUSER' }),
              Match.objectLike({ Name: 'PGPASSWORD' }),
              Match.objectLike({ Name: 'REDIS_AUTH_TOKEN' }),
            ]),
            HealthCheck: Match.objectLike({ Interval: 30, Timeout: 5, Retries: 3 }),
          }),
          Match.objectLike({ Name: 'otel-collector', Essential: false }),
        ]),
      });
    },
  );

  it('gives ADMIN_* only to core, the uploads bucket and its key to patients and core, and Bedrock to core', () => {
    const defs = Object.values(t().findResources('AWS::ECS::TaskDefinition')) as Res[];
    const names = (d: Res, field: 'Secrets' | 'Environment') =>
      ((d.Properties.ContainerDefinitions as Record<string, { Name: string }[]>[])[0]?.[field] ?? []).map(
        (x) => x.Name,
      );
    const family = (d: Res) => String(d.Properties.Family).split('-').pop();
    for (const d of defs) {
      expect(names(d, 'Secrets').includes('ADMIN_PASSWORD')).toBe(family(d) === 'core');
      const documents = family(d) === 'patients' || family(d) === 'core';
      expect(names(d, 'Environment').includes('S3_BUCKET')).toBe(documents);
      expect(names(d, 'Environment').includes('S3_KMS_KEY_ID')).toBe(documents);
      expect(names(d, 'Environment').includes('ASSISTANT_PROVIDER')).toBe(family(d) === 'core');
    }
  });

  it.each(['patients', 'appointments', 'core'] as const)(
    '%s: desired count, circuit breaker with rollback, min healthy 100 / max 200 percent, private subnets, autoscaling',
    (service) => {
      const [min, max] = expected.tasks[service];
      t().hasResourceProperties('AWS::ECS::Service', {
        ServiceName: `healthcare-app-${env}-${service}`,
        DesiredCount: min,
        LaunchType: 'FARGATE',
        DeploymentConfiguration: Match.objectLike({
          MaximumPercent: 200,
          MinimumHealthyPercent: 100,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        }),
        NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      });
      t().hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        MinCapacity: min,
        MaxCapacity: max,
        ResourceId: {
          'Fn::Join': [
            '',
            [
              'service/',
              { Ref: Match.stringLikeRegexp('^Cluster') },
              '/',
              {
                'Fn::GetAtt': [
                  Match.stringLikeRegexp(`^${service[0]?.toUpperCase()}${service.slice(1)}Service`),
                  'Name',
                ],
              },
            ],
          ],
        },
      });
    },
  );

  it('scales on CPU 70%, memory 80% and 1000 requests per task (every target group), out after 60 s, in after 300 s', () => {
    const policies = Object.values(t().findResources('AWS::ApplicationAutoScaling::ScalingPolicy')) as Res[];
    expect(policies).toHaveLength(9);
    const configs = policies.map(
      (p) =>
        p.Properties.TargetTrackingScalingPolicyConfiguration as {
          TargetValue: number;
          ScaleInCooldown: number;
          ScaleOutCooldown: number;
          PredefinedMetricSpecification?: { PredefinedMetricType: string };
          CustomizedMetricSpecification?: { Metrics: { Id: string; Expression?: string }[] };
        },
    );
    const byMetric = (m: string) =>
      configs.filter((c) => c.PredefinedMetricSpecification?.PredefinedMetricType === m);
    expect(byMetric('ECSServiceAverageCPUUtilization').map((c) => c.TargetValue)).toEqual([70, 70, 70]);
    expect(byMetric('ECSServiceAverageMemoryUtilization').map((c) => c.TargetValue)).toEqual([80, 80, 80]);
    const requests = configs.filter((c) => c.CustomizedMetricSpecification);
    expect(requests.map((c) => c.TargetValue)).toEqual([1000, 1000, 1000]);
    const groups = env === 'prod' ? '(FILL(tg0, 0) + FILL(tg1, 0)) / tasks' : '(FILL(tg0, 0)) / tasks';
    for (const c of requests) {
      expect(c.CustomizedMetricSpecification?.Metrics.find((m) => m.Id === 'perTask')?.Expression).toBe(
        groups,
      );
      expect(Object.keys(c.CustomizedMetricSpecification!)).toEqual(['Metrics']);
    }
    for (const c of configs) expect([c.ScaleOutCooldown, c.ScaleInCooldown]).toEqual([60, 300]);
  });

  it('has an internet-facing ALB that drops invalid headers, logs access and listens on HTTPS only', () => {
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'deletion_protection.enabled', Value: String(env === 'prod') },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'load_balancing.cross_zone.enabled', Value: 'true' },
      ]),
    });
    t().resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t().hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [Match.anyValue()],
      DefaultActions: [
        Match.objectLike({
          Type: 'fixed-response',
          FixedResponseConfig: Match.objectLike({ StatusCode: '403' }),
        }),
      ],
    });
  });

  it('routes paths to services by priority, one rule per service (core takes the rest)', () => {
    const rules = (
      Object.values(t().findResources('AWS::ElasticLoadBalancingV2::ListenerRule')) as Res[]
    ).map((r) => ({
      priority: r.Properties.Priority,
      paths: (r.Properties.Conditions as { PathPatternConfig: { Values: string[] } }[])[0]?.PathPatternConfig
        .Values,
      target: JSON.stringify(r.Properties.Actions).match(/"(patients|appointments|core)Targets/)?.[1],
    }));
    // The patterns are contracts' ROUTE_OWNERS, the table the API mounts from.
    expect(rules.sort((a, b) => Number(a.priority) - Number(b.priority))).toEqual([
      { priority: 10, paths: pathPatternsOf('patients'), target: 'patients' },
      { priority: 20, paths: pathPatternsOf('appointments'), target: 'appointments' },
      { priority: 30, paths: ['/*'], target: 'core' },
    ]);
    // Today's table, spelled out once here so a change to it is seen in review.
    expect(pathPatternsOf('appointments')).toEqual([
      '/api/appointment*',
      '/api/practitioners*',
      '/api/slots*',
    ]);
  });

  it('gives every task the one CURSOR_SECRET, from a secret under the data key', () => {
    const defs = Object.values(t().findResources('AWS::ECS::TaskDefinition')) as Res[];
    const sources = defs.map((d) => {
      const app = (
        d.Properties.ContainerDefinitions as { Secrets: { Name: string; ValueFrom: unknown }[] }[]
      )[0]!;
      return JSON.stringify(app.Secrets.find((x) => x.Name === 'CURSOR_SECRET')?.ValueFrom);
    });
    expect(sources).toHaveLength(3);
    expect(new Set(sources).size).toBe(1);
    expect(sources[0]).toMatch(/CursorSecret/);
    const data = synth(env).template('data');
    const secrets = data.findResources('AWS::SecretsManager::Secret', {
      Properties: { Description: Match.stringLikeRegexp('CURSOR_SECRET') },
    });
    expect(Object.values(secrets)).toHaveLength(1);
    expect((Object.values(secrets)[0] as Res).Properties.KmsKeyId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'],
    });
  });

  it('keeps every rule within the ALB’s five condition values, the rotating header’s two included', () => {
    for (const r of Object.values(t().findResources('AWS::ElasticLoadBalancingV2::ListenerRule')) as Res[]) {
      const conditions = r.Properties.Conditions as { PathPatternConfig?: { Values: string[] } }[];
      const paths = conditions.flatMap((c) => c.PathPatternConfig?.Values ?? []);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.length + 2).toBeLessThanOrEqual(5);
    }
  });

  it('health-checks targets on /health every 30 s, 5 s timeout, healthy 2, unhealthy 3', () => {
    const groups = Object.values(t().findResources('AWS::ElasticLoadBalancingV2::TargetGroup')) as Res[];
    // prod adds a green (alternate) group per service for the canary.
    expect(groups).toHaveLength(env === 'prod' ? 6 : 3);
    for (const g of groups) {
      expect(g.Properties).toMatchObject({
        Port: 3000,
        TargetType: 'ip',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 3,
      });
    }
  });

  it('puts a regional WAF with the managed rule groups and the rate rule in front of the ALB', () => {
    t().resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    t().hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
  });

  it('lets the patients and core task roles, and only them, use the uploads bucket; only core may call Bedrock', () => {
    const roles = t().findResources('AWS::IAM::Role') as Record<string, Res>;
    const withManaged = Object.keys(roles).filter((k) =>
      JSON.stringify(roles[k]?.Properties.ManagedPolicyArns ?? []).includes('ReadWritePolicy'),
    );
    expect(withManaged).toHaveLength(2);
    expect(withManaged.sort()).toEqual([
      expect.stringMatching(/^CoreTaskRole/),
      expect.stringMatching(/^PatientsTaskRole/),
    ]);
    const policies = t().findResources('AWS::IAM::Policy') as Record<string, Res>;
    const bedrock = Object.keys(policies).filter((k) =>
      JSON.stringify(policies[k]).includes('bedrock:InvokeModel'),
    );
    expect(bedrock).toHaveLength(1);
    expect(bedrock[0]).toMatch(/^CoreTaskRole/);
  });
});

describe('listener rules from the route ownership table', () => {
  it('splits a service with more patterns than a rule holds over rules of consecutive priority', () => {
    const many = ['/a*', '/b*', '/c*', '/d*'];
    const routes = listenerRoutes((service) => (service === 'patients' ? many : pathPatternsOf(service)));
    expect(routes.map((r) => [r.service, r.priority, r.paths.length])).toEqual([
      ['patients', 10, MAX_PATHS_PER_RULE],
      ['patients', 11, 1],
      ['appointments', 20, pathPatternsOf('appointments').length],
      ['core', 30, 1],
    ]);
    expect(routes.flatMap((r) => (r.service === 'patients' ? r.paths : []))).toEqual(many);
  });
});
