// The API's token signing key per environment: a Secrets Manager secret {"privateKey", "publicKeys"} under
// the data key, filled once at deploy time by a small custom resource (inline Node.js, no bundling) that
// generates an Ed25519 pair and never overwrites a key that is already there (docs/decisions/017).
import { CustomResource, Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  inlineFunction,
  inlineFunctionRole,
  inlineSource,
  type InlineFunctionHome,
  type InlineNetwork,
} from '../inline-function/index.js';

/** The generator's source, shipped as the function's inline code (and loaded by the tests). */
export const HANDLER_SOURCE = inlineSource(new URL('./handler.cjs', import.meta.url));

export interface SigningKeyProps extends InlineFunctionHome {
  readonly prefix: string;
  readonly dataKey: kms.IKey;
  /**
   * Absent (the simple path, no NAT): the function runs outside any VPC and reaches AWS directly. Present:
   * HTTPS out only, to Secrets Manager (NAT or endpoint) and the CloudFormation response URL (S3).
   */
  readonly network?: InlineNetwork;
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

    const { logGroup, role } = inlineFunctionRole(this, {
      name,
      description: `${name}: read and fill this one secret, write its own logs, attach to the VPC`,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.secret.grantRead(role);
    this.secret.grantWrite(role);
    const fn = inlineFunction(this, 'Generator', {
      name,
      description: 'Generates the Ed25519 token signing key into its secret once; keeps an existing key',
      source: HANDLER_SOURCE,
      role,
      logGroup,
      timeout: Duration.seconds(30),
      ...(props.network ? { network: props.network } : {}),
      deadLetterTopic: props.deadLetterTopic,
      deadLetterTopicKeyArn: props.deadLetterTopicKeyArn,
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
