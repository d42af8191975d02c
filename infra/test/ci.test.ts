// Ci stack: GitHub OIDC federation for the pipelines — the provider (created or imported), the deploy role per
// environment trusted for exactly one GitHub environment, and in dev the diff and promotion-source roles.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { CiStack } from '../lib/stacks/ci-stack.js';
import { synth } from './synth.js';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Res = { Properties: Record<string, unknown> };
const REPO = 'medicare-hub/medicare-hub';
const GH = 'token.actions.githubusercontent.com';

const trustOf = (t: Template, roleName: string) => {
  const [role] = Object.values(
    t.findResources('AWS::IAM::Role', { Properties: { RoleName: roleName } }),
  ) as Res[];
  return (role!.Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement;
};
const policy = (t: Template, name: string) => {
  const [p] = Object.values(
    t.findResources('AWS::IAM::ManagedPolicy', { Properties: { ManagedPolicyName: name } }),
  ) as Res[];
  return (p!.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
};
const sid = (statements: Statement[], id: string) => statements.find((s) => s.Sid === id)!;

describe.each(['dev', 'prod'] as const)('%s Ci', (env) => {
  const t = () => synth(env).template('ci');
  const prefix = `healthcare-app-${env}`;

  it('creates the GitHub OIDC provider for the STS audience', () => {
    t().hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: `https://${GH}`,
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it("trusts the deploy role to this repository's GitHub environment only, through OIDC", () => {
    expect(trustOf(t(), `${prefix}-github-deploy`)).toEqual([
      {
        Action: 'sts:AssumeRoleWithWebIdentity',
        Effect: 'Allow',
        Principal: { Federated: { Ref: expect.stringMatching(/^GitHubOidc/) } },
        Condition: {
          StringEquals: {
            [`${GH}:aud`]: 'sts.amazonaws.com',
            [`${GH}:sub`]: `repo:${REPO}:environment:${env}`,
          },
        },
      },
    ]);
  });

  it("lets the deploy role assume the CDK bootstrap roles, push images, run the migration task and pass core's roles", () => {
    const s = policy(t(), `${prefix}-github-deploy`);
    expect(JSON.stringify(sid(s, 'CdkBootstrapRoles').Resource)).toMatch(/cdk-hnb659fds-deploy-role-/);
    expect(JSON.stringify(sid(s, 'CdkBootstrapRoles').Resource)).toMatch(
      /cdk-hnb659fds-image-publishing-role-/,
    );
    expect(sid(s, 'NoResourceLevelPermissions').Action).toEqual([
      'ecr:GetAuthorizationToken',
      'ecs:DescribeTaskDefinition',
      'ecs:RegisterTaskDefinition',
    ]);
    expect(sid(s, 'PushAndDescribeImages').Action).toContain('ecr:PutImage');
    const repos = JSON.stringify(sid(s, 'PushAndDescribeImages').Resource);
    for (const r of ['patient-service', 'appointment-service', 'core-service'])
      expect(repos).toContain(`${prefix}-${r}`);
    expect(JSON.stringify(sid(s, 'RunMigrationTask'))).toContain(`task-definition/${prefix}-migrate:*`);
    expect(JSON.stringify(sid(s, 'RunMigrationTask').Condition)).toContain(`cluster/${prefix}-cluster`);
    expect(JSON.stringify(sid(s, 'WatchMigrationTask').Resource)).toContain(`task/${prefix}-cluster/*`);
    const pass = sid(s, 'PassCoreRolesToTheMigrationTask');
    expect(pass.Action).toBe('iam:PassRole');
    expect(JSON.stringify(pass.Resource)).toContain(`role/${prefix}-core-task"`);
    expect(JSON.stringify(pass.Resource)).toContain(`role/${prefix}-core-execution"`);
    expect(pass.Resource).toHaveLength(2);
    expect(pass.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
    // No action wildcards anywhere.
    expect(JSON.stringify(s)).not.toMatch(/"[a-z0-9]+:\*"|"\*:/);
  });

  it('outputs the role ARNs the workflows read', () => {
    const outputs = Object.keys(t().findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining(
        env === 'dev'
          ? ['DeployRoleArn', 'DiffRoleArn', 'PromoteSourceRoleArn', 'GitHubOidcProviderArn']
          : ['DeployRoleArn', 'GitHubOidcProviderArn'],
      ),
    );
    if (env === 'prod') expect(outputs).not.toContain('DiffRoleArn');
  });

  if (env === 'dev') {
    it('trusts the diff role to pull requests and lets it assume only the read-only lookup role', () => {
      expect(JSON.stringify(trustOf(t(), `${prefix}-github-diff`))).toContain(`"repo:${REPO}:pull_request"`);
      const s = policy(t(), `${prefix}-github-diff`);
      expect(s).toHaveLength(1);
      expect(JSON.stringify(s[0]!.Resource)).toMatch(/role\/cdk-hnb659fds-lookup-role-/);
      expect(JSON.stringify(s[0]!.Resource)).not.toMatch(/deploy-role/);
    });

    it("trusts the promotion-source role to the prod environment and lets it only pull dev's images", () => {
      expect(JSON.stringify(trustOf(t(), `${prefix}-github-promote-source`))).toContain(
        `"repo:${REPO}:environment:prod"`,
      );
      const actions = policy(t(), `${prefix}-github-promote-source`).flatMap((s) => s.Action);
      expect(actions).not.toContain('ecr:PutImage');
      expect(actions).toContain('ecr:BatchGetImage');
    });
  }
});

describe('context', () => {
  it('imports an existing provider and trusts the configured repository', () => {
    const app = new App();
    const config = loadConfig('prod', {
      alarmEmail: 'alarms@acme.example',
      githubRepository: 'acme/clinic',
      githubOidcProviderArn: `arn:aws:iam::222222222222:oidc-provider/${GH}`,
    });
    const stack = new CiStack(app, 'Ci', { config, env: { account: config.account, region: config.region } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Federated: `arn:aws:iam::222222222222:oidc-provider/${GH}` },
            Condition: {
              StringEquals: Match.objectLike({ [`${GH}:sub`]: 'repo:acme/clinic:environment:prod' }),
            },
          }),
        ],
      },
    });
  });
});
