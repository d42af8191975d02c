// The NAT-less option (-c noNat=true, seed S2.6): no NAT gateway, isolated app subnets, and endpoints for
// everything the tasks call; still clean under cdk-nag.
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { buildApp, type Stacks } from '../lib/app.js';
import { newApp } from './synth.js';

describe('dev with -c noNat=true', () => {
  let built: Stacks | undefined;
  const stacks = (): Stacks => {
    if (built) return built;
    const app: App = newApp();
    built = buildApp(app, loadConfig('dev', { noNat: 'true' }), { imageTag: 'test' });
    app.synth(); // throws on any cdk-nag finding
    return built;
  };
  const network = (): Template => Template.fromStack(stacks().network);

  it('pulls the collector image through an ECR pull-through cache, not from public.ecr.aws', () => {
    const registry = Template.fromStack(stacks().registry);
    registry.hasResourceProperties('AWS::ECR::PullThroughCacheRule', {
      EcrRepositoryPrefix: 'ecr-public',
      UpstreamRegistryUrl: 'public.ecr.aws',
    });
    const defs = JSON.stringify(
      Template.fromStack(stacks().services).findResources('AWS::ECS::TaskDefinition'),
    );
    expect(defs).not.toContain('public.ecr.aws');
    expect(defs).toContain(
      '.dkr.ecr.us-east-1.amazonaws.com/ecr-public/aws-observability/aws-otel-collector:',
    );
    expect(JSON.stringify(Template.fromStack(stacks().services).toJSON())).toContain(
      'ecr:BatchImportUpstreamImage',
    );
  });

  it('has no NAT gateway and reaches AWS through endpoints only', () => {
    const t = network();
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    const services = Object.values(t.findResources('AWS::EC2::VPCEndpoint')).map((e) =>
      JSON.stringify((e as { Properties: { ServiceName: unknown } }).Properties.ServiceName),
    );
    for (const s of [
      'ecr.api',
      'ecr.dkr',
      '.logs',
      'secretsmanager',
      'xray',
      'bedrock-runtime',
      'polly',
      'transcribestreaming',
      '.s3',
    ]) {
      expect(
        services.some((x) => x.includes(s)),
        s,
      ).toBe(true);
    }
    // Only the public subnets have a default route, and it goes to the internet gateway.
    const routes = Object.values(t.findResources('AWS::EC2::Route')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(routes).toHaveLength(2);
    for (const r of routes) expect(r.Properties.GatewayId).toBeDefined();
  });
});
