// The simple path (-c shape=simple, seed S3.13, decision 070): one task, no NAT, no ALB, no Redis, Aurora that
// pauses at 0 ACU after 5 idle minutes, the same image, the same nag gate and deploy-time checks.
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { buildSimpleApp } from '../lib/simple.js';
import { newApp } from './synth.js';

describe('dev, simple path', () => {
  let cached: { simple: Template; registry: Template } | undefined;
  const t = () => {
    if (cached) return cached;
    const app = newApp();
    const stacks = buildSimpleApp(app, loadConfig('dev'), { imageTag: 'test' });
    app.synth(); // throws on any cdk-nag or deploy-check finding
    cached = { simple: Template.fromStack(stacks.simple), registry: Template.fromStack(stacks.registry) };
    return cached;
  };

  it('runs one task and nothing that costs by the hour besides it and the database', () => {
    const s = t().simple;
    s.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1 });
    for (const type of [
      'AWS::EC2::NatGateway',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::EC2::VPCEndpoint',
      'AWS::CloudFront::Distribution',
    ])
      s.resourceCountIs(type, 0);
  });

  it('pauses Aurora at 0 ACU after 5 idle minutes, on an engine that supports it', () => {
    t().simple.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 1, SecondsUntilAutoPause: 300 },
      EngineVersion: Match.stringLikeRegexp('^16\\.'),
    });
    const version = JSON.stringify(t().simple.findResources('AWS::RDS::DBCluster')).match(
      /"EngineVersion":"16\.(\d+)"/,
    );
    expect(Number(version?.[1])).toBeGreaterThanOrEqual(3);
  });

  it('reaches the task privately: HTTP API, VPC link, Cloud Map; its group admits the link only', () => {
    const s = t().simple;
    s.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ConnectionType: 'VPC_LINK',
      IntegrationType: 'HTTP_PROXY',
    });
    s.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    const ingress = Object.values(s.findResources('AWS::EC2::SecurityGroupIngress')).map((r) =>
      JSON.stringify((r as { Properties: unknown }).Properties),
    );
    expect(ingress.some((i) => i.includes('0.0.0.0/0'))).toBe(false);
  });

  it('runs the same image as the scalable path, every service in one process', () => {
    const defs = JSON.stringify(t().simple.findResources('AWS::ECS::TaskDefinition'));
    expect(defs).toContain('"Name":"SERVICES","Value":"patients,appointments,core"');
    expect(defs).toMatch(/CoreRepository/);
  });
});
