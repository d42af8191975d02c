// The shared secret CloudFront sends to the ALB as the origin-verify header, and its Secrets Manager rotation:
// an inline function (no bundling) that makes the ALB's rules accept the new value next to the current one,
// then moves CloudFront's origin header to it (handler.cjs). Not in the VPC: it calls only the ELB,
// CloudFront and Secrets Manager APIs, and CloudFront's API has no VPC endpoint.
import { Aws, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { inlineFunction, inlineFunctionRole, inlineSource } from '../inline-function/index.js';

export const ORIGIN_VERIFY_HANDLER_SOURCE = inlineSource(new URL('./handler.cjs', import.meta.url));

/** The header CloudFront adds to every origin request; the ALB's rules forward nothing without it. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

export interface OriginVerifyProps {
  readonly prefix: string;
  /** The ALB whose rules check the header (by name: it lives in a later stack). */
  readonly albName: string;
  readonly key: kms.IKey;
  readonly deadLetterTopic: sns.ITopic;
  readonly rotateEvery: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class OriginVerify extends Construct {
  /** {"value": <random>}. */
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: OriginVerifyProps) {
    super(scope, id);
    const name = `${props.prefix}-origin-verify-rotation`;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${props.prefix}: value of the ${ORIGIN_VERIFY_HEADER} header CloudFront sends to the ALB`,
      encryptionKey: props.key,
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'value',
        passwordLength: 48,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });

    const { logGroup, role } = inlineFunctionRole(this, {
      name,
      description: `${name}: rotate this one secret into the ALB's rules and CloudFront's origin header`,
      logsKey: props.key,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.secret.grantRead(role);
    this.secret.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StageVersions',
        actions: ['secretsmanager:UpdateSecretVersionStage'],
        resources: [this.secret.secretArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'FindTheRules',
        // Describe calls take no resource-level permissions.
        actions: [
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeRules',
          'cloudfront:ListDistributions',
        ],
        resources: ['*'],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ChangeTheAlbRules',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: [
          `arn:${Aws.PARTITION}:elasticloadbalancing:${Aws.REGION}:${Aws.ACCOUNT_ID}:listener-rule/app/${props.albName}/*`,
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ChangeTheOriginHeader',
        actions: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        resources: [`arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*`],
      }),
    );

    const fn = inlineFunction(this, 'Rotator', {
      name,
      description: 'Rotates the origin-verify header: ALB rules accept both values, then CloudFront switches',
      source: ORIGIN_VERIFY_HANDLER_SOURCE,
      role,
      logGroup,
      timeout: Duration.minutes(1),
      deadLetterTopic: props.deadLetterTopic,
      environment: { HEADER_NAME: ORIGIN_VERIFY_HEADER, ALB_NAME: props.albName, PREFIX: props.prefix },
    });
    this.secret.addRotationSchedule('Rotation', {
      rotationLambda: fn,
      automaticallyAfter: props.rotateEvery,
      // The first value is already random; rotating at create would find no ALB and no distribution yet.
      rotateImmediatelyOnUpdate: false,
    });
  }
}
