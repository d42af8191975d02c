// Ci: GitHub Actions' access to this account through OIDC federation, no access keys (issue 8). The GitHub
// OIDC provider (created, or imported when the account already has it), the deploy role each environment's
// workflows assume, and in dev the read-only diff role and the pull-only role prod promotes images from.
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { EnvConfig, EnvName, ServiceName } from '../../config/index.js';
import { REPOSITORY_SUFFIX } from './registry-stack.js';
import { SERVICE_NAMES } from './services-stack.js';

export interface CiStackProps extends StackProps {
  readonly config: EnvConfig;
}

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** CDK's default bootstrap qualifier: the roles `cdk deploy` and `cdk diff` assume. */
const CDK_QUALIFIER = 'hnb659fds';

/** The `sub` claims each role trusts: one GitHub environment, or this repository's pull requests. */
export const githubSubject = {
  environment: (repo: string, env: EnvName) => `repo:${repo}:environment:${env}`,
  pullRequest: (repo: string) => `repo:${repo}:pull_request`,
};

export class CiStack extends Stack {
  readonly deployRole: iam.Role;
  readonly diffRole: iam.Role | undefined;
  readonly promoteSourceRole: iam.Role | undefined;

  constructor(scope: Construct, id: string, props: CiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { prefix } = config;
    const repo = config.ci.githubRepository;

    // One provider per account: import it when it exists (-c githubOidcProviderArn=…), otherwise create it.
    const providerArn =
      config.ci.githubOidcProviderArn ??
      new iam.OidcProviderNative(this, 'GitHubOidc', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIds: ['sts.amazonaws.com'],
        removalPolicy: RemovalPolicy.RETAIN,
      }).oidcProviderArn;
    const trust = (sub: string) =>
      new iam.WebIdentityPrincipal(providerArn, {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com', [`${GITHUB_OIDC_HOST}:sub`]: sub },
      });

    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    const cdkRole = (kind: string) =>
      `arn:aws:iam::${Aws.ACCOUNT_ID}:role/cdk-${CDK_QUALIFIER}-${kind}-role-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    const repositoryArn = (s: ServiceName) => arn('ecr', `repository/${prefix}-${REPOSITORY_SUFFIX[s]}`);
    const cluster = `${prefix}-cluster`;

    this.deployRole = new iam.Role(this, 'DeployRole', {
      roleName: `${prefix}-github-deploy`,
      description: `GitHub Actions (${repo}, environment ${config.envName}): push images, migrate, cdk deploy`,
      assumedBy: trust(githubSubject.environment(repo, config.envName)),
    });
    new iam.ManagedPolicy(this, 'DeployPolicy', {
      managedPolicyName: `${prefix}-github-deploy`,
      roles: [this.deployRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'CdkBootstrapRoles',
          actions: ['sts:AssumeRole'],
          resources: ['deploy', 'file-publishing', 'image-publishing', 'lookup'].map(cdkRole),
        }),
        new iam.PolicyStatement({
          sid: 'NoResourceLevelPermissions',
          // ECR login, and the migration task definition (registered from core's; see delivery/src/migration-task.ts).
          actions: ['ecr:GetAuthorizationToken', 'ecs:DescribeTaskDefinition', 'ecs:RegisterTaskDefinition'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'PushAndDescribeImages',
          actions: [
            'ecr:BatchCheckLayerAvailability',
            'ecr:BatchGetImage',
            'ecr:CompleteLayerUpload',
            'ecr:DescribeImages',
            'ecr:GetDownloadUrlForLayer',
            'ecr:InitiateLayerUpload',
            'ecr:PutImage',
            'ecr:UploadLayerPart',
          ],
          resources: SERVICE_NAMES.map(repositoryArn),
        }),
        new iam.PolicyStatement({
          sid: 'WaitForServices',
          actions: ['ecs:DescribeServices'],
          resources: SERVICE_NAMES.map((s) => arn('ecs', `service/${cluster}/${prefix}-${s}`)),
        }),
        new iam.PolicyStatement({
          sid: 'RunMigrationTask',
          actions: ['ecs:RunTask'],
          resources: [arn('ecs', `task-definition/${prefix}-migrate:*`)],
          conditions: { ArnEquals: { 'ecs:cluster': arn('ecs', `cluster/${cluster}`) } },
        }),
        new iam.PolicyStatement({
          sid: 'WatchMigrationTask',
          actions: ['ecs:DescribeTasks'],
          resources: [arn('ecs', `task/${cluster}/*`)],
        }),
        new iam.PolicyStatement({
          sid: 'PassCoreRolesToTheMigrationTask',
          actions: ['iam:PassRole'],
          resources: ['task', 'execution'].map(
            (r) => `arn:aws:iam::${Aws.ACCOUNT_ID}:role/${prefix}-core-${r}`,
          ),
          conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
        }),
      ],
    });
    new CfnOutput(this, 'DeployRoleArn', {
      value: this.deployRole.roleArn,
      description: `GitHub environment "${config.envName}" variable AWS_DEPLOY_ROLE_ARN`,
    });

    if (config.envName === 'dev') {
      // infra.yml: cdk diff on pull requests. Only the lookup role (read-only), never the deploy role.
      this.diffRole = new iam.Role(this, 'DiffRole', {
        roleName: `${prefix}-github-diff`,
        description: `GitHub Actions (${repo}, pull requests): cdk diff through the read-only lookup role`,
        assumedBy: trust(githubSubject.pullRequest(repo)),
      });
      new iam.ManagedPolicy(this, 'DiffPolicy', {
        managedPolicyName: `${prefix}-github-diff`,
        roles: [this.diffRole],
        statements: [
          new iam.PolicyStatement({
            sid: 'CdkLookupRole',
            actions: ['sts:AssumeRole'],
            resources: [cdkRole('lookup')],
          }),
        ],
      });
      // deploy.yml's prod job pulls the tested image from dev's registry before copying it to prod's.
      this.promoteSourceRole = new iam.Role(this, 'PromoteSourceRole', {
        roleName: `${prefix}-github-promote-source`,
        description: `GitHub Actions (${repo}, environment prod): pull dev's images to promote them`,
        assumedBy: trust(githubSubject.environment(repo, 'prod')),
      });
      new iam.ManagedPolicy(this, 'PromoteSourcePolicy', {
        managedPolicyName: `${prefix}-github-promote-source`,
        roles: [this.promoteSourceRole],
        statements: [
          new iam.PolicyStatement({
            sid: 'EcrLogin',
            actions: ['ecr:GetAuthorizationToken'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'PullImages',
            actions: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:DescribeImages',
              'ecr:GetDownloadUrlForLayer',
            ],
            resources: SERVICE_NAMES.map(repositoryArn),
          }),
        ],
      });
      new CfnOutput(this, 'DiffRoleArn', {
        value: this.diffRole.roleArn,
        description: 'Repository variable AWS_DIFF_ROLE_ARN',
      });
      new CfnOutput(this, 'PromoteSourceRoleArn', {
        value: this.promoteSourceRole.roleArn,
        description: 'GitHub environment "prod" variable AWS_SOURCE_ROLE_ARN',
      });
    }
    new CfnOutput(this, 'GitHubOidcProviderArn', { value: providerArn });
  }
}
