// The API's token signing key per environment: a Secrets Manager secret {"privateKey", "publicKeys"} under
// the data key, filled once at deploy time by a small custom resource (inline Node.js, no bundling) that
// generates an Ed25519 pair and never overwrites a key that is already there (docs/decisions/017).
import { readFileSync } from 'node:fs';
import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../encrypted-log-group.js';

/** The generator's source, shipped as the function's inline code (and loaded by the tests). */
export const HANDLER_SOURCE = readFileSync(new URL('./handler.cjs', import.meta.url), 'utf8');

export interface SigningKeyProps {
  readonly prefix: string;
  readonly dataKey: kms.IKey;
  /** Absent (the simple path, no NAT): the function runs outside any VPC and reaches AWS directly. */
  readonly network?: {
    readonly vpc: ec2.IVpc;
    readonly subnets: ec2.SubnetSelection;
    /** HTTPS out only: Secrets Manager (NAT or endpoint) and the CloudFormation response URL (S3). */
    readonly securityGroup: ec2.ISecurityGroup;
  };
  /** Failed invocations land here (the alarm topic), so an operator hears of them. */
  readonly deadLetterTopic: sns.ITopic;
  /** The key of that topic; imported by ARN so the grant stays on this role. */
  readonly deadLetterTopicKeyArn: string;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class SigningKey extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: SigningKeyProps) {
    super(scope, id);
    const name = `${props.prefix}-signing-key`;

    // Created with a random placeholder; the generator replaces it with the key pair on first deploy.
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${props.prefix}: API token signing key (privateKey = AUTH_PRIVATE_KEY, publicKeys = AUTH_PUBLIC_KEYS)`,
      encryptionKey: props.dataKey,
      removalPolicy: props.removalPolicy,
    });

    const logGroup = encryptedLogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${name}`,
      key: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${name}: read and fill this one secret, write its own logs, attach to the VPC`,
    });
    logGroup.grantWrite(role);
    this.secret.grantRead(role);
    this.secret.grantWrite(role);
    if (props.network) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'LambdaInVpcNetworkInterfaces',
          // What AWS's AWSLambdaVPCAccessExecutionRole allows; these actions take no resource-level scoping.
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      );
    }
    kms.Key.fromKeyArn(this, 'DeadLetterKey', props.deadLetterTopicKeyArn).grant(
      role,
      'kms:GenerateDataKey',
      'kms:Decrypt',
    );

    const fn = new lambda.Function(this, 'Generator', {
      functionName: name,
      description: 'Generates the Ed25519 token signing key into its secret once; keeps an existing key',
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER_SOURCE),
      role,
      timeout: Duration.seconds(30),
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      ...(props.network
        ? {
            vpc: props.network.vpc,
            vpcSubnets: props.network.subnets,
            securityGroups: [props.network.securityGroup],
          }
        : {}),
      deadLetterTopic: props.deadLetterTopic,
      logGroup,
    });

    const generate = new CustomResource(this, 'Generate', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::Ed25519SigningKey',
      properties: { SecretId: this.secret.secretArn },
    });
    // The function needs its permissions before CloudFormation invokes it.
    generate.node.addDependency(role);
  }
}
