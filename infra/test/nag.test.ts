// cdk-nag: both environments synthesize with AwsSolutions and HIPAA Security on and no finding left; every
// acknowledgement comes from the one register, with a reason; a new finding (even a warning) fails synth.
import { Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGEMENTS, acknowledgementsFor } from '../lib/nag/acknowledgements.js';
import { registerNagChecks } from '../lib/nag/checks.js';
import { stackName } from '../lib/app.js';
import { newApp, synth } from './synth.js';

/** Changing the register means changing these numbers in the same commit, so reviewers see it. */
const REGISTER_SIZE = { dev: 57, prod: 54 } as const;

/** Every acknowledgement actually recorded in the construct tree, as "<construct path> <rule id>". */
function recordedAcknowledgements(env: 'dev' | 'prod'): string[] {
  const { app } = synth(env);
  const out: string[] = [];
  for (const c of app.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const key of Object.keys(entry.data as Record<string, string>)) {
        const id = key.replace(/^annotation::/i, '');
        // CDK acknowledges a few of its own CloudFormation-Validate findings (e.g. on flow logs); ours are these:
        if (/^(AwsSolutions-|HIPAA\.Security-|CloudFormation-Validate::W3010$|@aws-cdk\/)/.test(id)) {
          out.push(`${c.node.path} ${id}`);
        }
      }
    }
  }
  return out.sort();
}

describe.each(['dev', 'prod'] as const)('%s under cdk-nag', (env) => {
  it('synthesizes with AwsSolutions and HIPAA Security checks and no unacknowledged finding', () => {
    // synth() throws a ValidationFailed error listing every finding if there is one.
    expect(() => synth(env)).not.toThrow();
    expect(synth(env).app.node.metadata).toBeDefined();
  });

  it('records exactly the register entries for this environment, no more, no fewer', () => {
    const { config } = synth(env);
    const expected = acknowledgementsFor(env)
      .map((a) => `${stackName(config, a.stack)}${a.path ? `/${a.path}` : ''} ${a.id}`)
      .sort();
    expect(recordedAcknowledgements(env)).toEqual(expected);
    expect(expected).toHaveLength(REGISTER_SIZE[env]);
  });
});

describe('the acknowledgement register', () => {
  it('gives every entry a real reason and names a cdk-nag rule', () => {
    for (const a of ACKNOWLEDGEMENTS) {
      expect(a.reason.length, `${a.stack}/${a.path} ${a.id}`).toBeGreaterThan(60);
      expect(a.id).toMatch(
        /^((AwsSolutions|HIPAA\.Security)-[A-Za-z0-9]+(\[.+\])?|CloudFormation-Validate::W3010|@aws-cdk\/[\w-]+:\w+)$/,
      );
    }
  });

  it('has no duplicates', () => {
    const keys = ACKNOWLEDGEMENTS.map((a) => `${a.stack}/${a.path} ${a.id} ${a.envs?.join(',') ?? '*'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('a finding fails synthesis', () => {
  it('fails on an error-level finding (an unencrypted, unlogged bucket)', () => {
    const app = newApp();
    const stack = new Stack(app, 'Bad', { env: { account: '111111111111', region: 'us-east-1' } });
    new s3.CfnBucket(stack, 'Naked');
    registerNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1[\s\S]*HIPAA\.Security-S3BucketLoggingEnabled/);
  });

  it('fails on a warning-level finding too (a network ACL, AwsSolutions-VPC3)', () => {
    const app = newApp();
    const stack = new Stack(app, 'Warn', { env: { account: '111111111111', region: 'us-east-1' } });
    new ec2.CfnNetworkAcl(stack, 'Acl', { vpcId: 'vpc-12345678' });
    registerNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-VPC3/);
  });

  it('passes once the finding is acknowledged', () => {
    const app = newApp();
    const stack = new Stack(app, 'Acked', { env: { account: '111111111111', region: 'us-east-1' } });
    const acl = new ec2.CfnNetworkAcl(stack, 'Acl', { vpcId: 'vpc-12345678' });
    registerNagChecks(app);
    Validations.of(acl).acknowledge({ id: 'AwsSolutions-VPC3', reason: 'test of the mechanism only' });
    expect(() => app.synth()).not.toThrow();
  });
});
