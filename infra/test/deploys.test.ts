// How a new image reaches the tasks: rolling in dev, ECS's native canary in prod (S3.10: 10% for 5 minutes),
// both rolled back by the circuit breaker and by each service's two deployment alarms (decision 016).
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './synth.js';

type Res = { Properties: Record<string, unknown> };
const SERVICES = ['patients', 'appointments', 'core'] as const;
const cap = (s: string) => `${s[0]?.toUpperCase()}${s.slice(1)}`;

describe.each(['dev', 'prod'] as const)('%s deployments', (env) => {
  const t = () => synth(env).template('services');
  const service = (name: string) => {
    const [svc] = Object.values(
      t().findResources('AWS::ECS::Service', {
        Properties: { ServiceName: `healthcare-app-${env}-${name}` },
      }),
    ) as Res[];
    return svc!.Properties;
  };

  it.each(SERVICES)('%s: rolls back on its 5xx and unhealthy-target alarms', (name) => {
    const { Alarms } = service(name).DeploymentConfiguration as {
      Alarms: { AlarmNames: { Ref: string }[]; Enable: boolean; Rollback: boolean };
    };
    expect(Alarms.AlarmNames.map((a) => a.Ref.replace(/[0-9A-F]{8}$/, ''))).toEqual([
      `${cap(name)}Deploy5xx`,
      `${cap(name)}DeployUnhealthy`,
    ]);
    expect([Alarms.Enable, Alarms.Rollback]).toEqual([true, true]);
    for (const [suffix, threshold] of [
      ['5xx', 5],
      ['unhealthy', 0],
    ] as const) {
      t().hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `healthcare-app-${env}-${name}-deploy-${suffix}`,
        Threshold: threshold,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('AlarmTopic') })],
      });
    }
  });

  it('gives core fixed role names, so the deploy role can pass them to the migration task', () => {
    for (const suffix of ['task', 'execution']) {
      t().hasResourceProperties('AWS::IAM::Role', { RoleName: `healthcare-app-${env}-core-${suffix}` });
    }
  });

  if (env === 'dev') {
    it('deploys rolling: no strategy, no alternate target group', () => {
      for (const name of SERVICES) {
        const props = service(name);
        expect((props.DeploymentConfiguration as Record<string, unknown>).Strategy).toBeUndefined();
        expect(JSON.stringify(props.LoadBalancers)).not.toContain('AdvancedConfiguration');
      }
    });
  } else {
    it.each(SERVICES)(
      '%s: canary, 10% of traffic for 5 minutes, then all, blue kept 5 more minutes',
      (name) => {
        const props = service(name);
        expect(props.DeploymentConfiguration).toMatchObject({
          Strategy: 'CANARY',
          CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 5 },
          BakeTimeInMinutes: 5,
        });
        const [lb] = props.LoadBalancers as {
          TargetGroupArn: { Ref: string };
          AdvancedConfiguration: Record<string, { Ref?: string }>;
        }[];
        expect(lb!.TargetGroupArn.Ref).toMatch(new RegExp(`^${name}Targets`));
        expect(lb!.AdvancedConfiguration.AlternateTargetGroupArn?.Ref).toMatch(
          new RegExp(`^${name}GreenTargets`),
        );
        // The production rule is the one rule that routes to this service; it forwards blue 100 / green 0.
        const ruleId = lb!.AdvancedConfiguration.ProductionListenerRule?.Ref ?? '';
        const rule = t().findResources('AWS::ElasticLoadBalancingV2::ListenerRule')[ruleId] as Res;
        expect(rule.Properties.Actions).toEqual([
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                {
                  TargetGroupArn: { Ref: expect.stringMatching(new RegExp(`^${name}Targets`)) },
                  Weight: 100,
                },
                {
                  TargetGroupArn: { Ref: expect.stringMatching(new RegExp(`^${name}GreenTargets`)) },
                  Weight: 0,
                },
              ],
            },
          },
        ]);
      },
    );

    it('watches blue and green target groups in the deployment alarms', () => {
      t().hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'healthcare-app-prod-core-deploy-5xx',
        Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(tg0, 0) + FILL(tg1, 0)' })]),
      });
      t().hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'healthcare-app-prod-core-deploy-unhealthy',
        Metrics: Match.arrayWith([Match.objectLike({ Expression: 'MAX([FILL(tg0, 0), FILL(tg1, 0)])' })]),
      });
    });
  }
});
