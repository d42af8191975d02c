// What the three inline functions (database roles, origin-verify rotation, signing key) share: the source
// assembly (their handler.cjs plus the shared .cjs modules it requires, in one file, so nothing is bundled),
// and the role, log group and function around it. Each construct adds only its own grants in between.
// The children keep the ids each construct gave them before (Logs, Role, DeadLetterKey, the function's id),
// so the templates' logical ids do not change.
import { readFileSync } from 'node:fs';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { encryptedLogGroup } from '../encrypted-log-group.js';

const SHARED = /require\('\.\.\/inline-function\/([a-z-]+\.cjs)'\)/g;

/**
 * A handler's source as the function's one inline file: each `require('../inline-function/<m>.cjs')`
 * becomes that module's code, evaluated in place (Lambda loads inline code as CommonJS).
 */
export function inlineSource(handler: URL): string {
  return readFileSync(handler, 'utf8').replace(SHARED, (_, file: string) => {
    const shared = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
    return `((exports) => {\n${shared}return exports;\n})({})`;
  });
}

/** A function attached to the VPC: HTTPS out only, through NAT or endpoints. */
export interface InlineNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
}

/** Where an inline function reports and logs; every construct built on one takes these. */
export interface InlineFunctionHome {
  /** Failed invocations land here (the alarm topic), so an operator hears of them. */
  readonly deadLetterTopic: sns.ITopic;
  /** The key of that topic; imported by ARN so the grant stays on the function's role. */
  readonly deadLetterTopicKeyArn: string;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export interface InlineRoleProps {
  /** The function's name (and its log group's). */
  readonly name: string;
  readonly description: string;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The function's encrypted log group, and its role, which may write there. */
export function inlineFunctionRole(scope: Construct, props: InlineRoleProps) {
  const logGroup = encryptedLogGroup(scope, 'Logs', {
    logGroupName: `/aws/lambda/${props.name}`,
    key: props.logsKey,
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.description,
  });
  logGroup.grantWrite(role);
  return { logGroup, role };
}

export interface InlineFunctionProps {
  readonly name: string;
  readonly description: string;
  readonly source: string;
  readonly role: iam.Role;
  readonly logGroup: logs.ILogGroup;
  readonly timeout: Duration;
  /** Absent: the function runs outside any VPC. */
  readonly network?: InlineNetwork;
  /** Failed invocations land here (the alarm topic), so an operator hears of them. */
  readonly deadLetterTopic: sns.ITopic;
  /** The key of that topic, imported by ARN so the grant stays on this role; absent: no grant. */
  readonly deadLetterTopicKeyArn?: string;
  readonly environment?: Record<string, string>;
}

/** One inline Node.js function, one at a time, with its dead-letter topic. */
export function inlineFunction(scope: Construct, id: string, props: InlineFunctionProps): lambda.Function {
  const { role, network } = props;
  if (network) {
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
  if (props.deadLetterTopicKeyArn) {
    kms.Key.fromKeyArn(scope, 'DeadLetterKey', props.deadLetterTopicKeyArn).grant(
      role,
      'kms:GenerateDataKey',
      'kms:Decrypt',
    );
  }
  return new lambda.Function(scope, id, {
    functionName: props.name,
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(props.source),
    role,
    timeout: props.timeout,
    memorySize: 256,
    reservedConcurrentExecutions: 1,
    ...(network
      ? { vpc: network.vpc, vpcSubnets: network.subnets, securityGroups: [network.securityGroup] }
      : {}),
    deadLetterTopic: props.deadLetterTopic,
    logGroup: props.logGroup,
    ...(props.environment ? { environment: props.environment } : {}),
  });
}
