// The NAT-less option (-c noNat=true, seed S2.6): no NAT gateway, isolated app subnets, and endpoints for
// everything the tasks call; still clean under cdk-nag.
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { buildApp } from '../lib/app.js';
import { newApp } from './synth.js';

describe('dev with -c noNat=true', () => {
  const network = (): Template => {
    const app: App = newApp();
    const stacks = buildApp(app, loadConfig('dev', { noNat: 'true' }), { imageTag: 'test' });
    app.synth(); // throws on any cdk-nag finding
    return Template.fromStack(stacks.network);
  };

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
