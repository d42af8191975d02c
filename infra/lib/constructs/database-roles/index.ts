// One database identity per service: a secret {"username","password"} per service under the data key, the
// PostgreSQL login roles created at deploy by a small function that talks to Aurora through the RDS Data API
// as the master user (inline code, no bundling, handler.cjs), and the same function rotating each secret.
// Table grants are the app's business (a migration run by core, which owns the tables).
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ServiceName } from '../../../config/index.js';
import {
  inlineFunction,
  inlineFunctionRole,
  inlineSource,
  type InlineFunctionHome,
  type InlineNetwork,
} from '../inline-function/index.js';

export const DATABASE_ROLES_HANDLER_SOURCE = inlineSource(new URL('./handler.cjs', import.meta.url));

/** The PostgreSQL role each service connects as; apps/api's grants migration uses the same names. */
export const DATABASE_ROLE: Readonly<Record<ServiceName, string>> = {
  patients: 'medicare_patients',
  appointments: 'medicare_appointments',
  core: 'medicare_core',
};

export interface DatabaseRolesProps extends InlineFunctionHome {
  readonly prefix: string;
  readonly services: readonly ServiceName[];
  /** The service that runs migrations and owns the tables. */
  readonly migrator: ServiceName;
  readonly cluster: rds.DatabaseCluster;
  readonly masterSecret: secretsmanager.ISecret;
  readonly databaseName: string;
  readonly dataKey: kms.IKey;
  readonly network: InlineNetwork;
  readonly rotateEvery: Duration;
}

export class DatabaseRoles extends Construct {
  readonly secrets: Readonly<Record<ServiceName, secretsmanager.Secret>>;

  constructor(scope: Construct, id: string, props: DatabaseRolesProps) {
    super(scope, id);
    const name = `${props.prefix}-database-roles`;
    this.secrets = Object.fromEntries(
      props.services.map((service) => [
        service,
        new secretsmanager.Secret(this, `${service[0]?.toUpperCase()}${service.slice(1)}Secret`, {
          description: `${props.prefix}: PostgreSQL login of the ${service} service (PGUSER / PGPASSWORD)`,
          encryptionKey: props.dataKey,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ username: DATABASE_ROLE[service] }),
            generateStringKey: 'password',
            passwordLength: 32,
            excludePunctuation: true,
          },
          removalPolicy: props.removalPolicy,
        }),
      ]),
    ) as Record<ServiceName, secretsmanager.Secret>;

    const { logGroup, role } = inlineFunctionRole(this, {
      name,
      description: `${name}: create the services' database roles and rotate their secrets`,
      logsKey: props.logsKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    for (const secret of Object.values(this.secrets)) {
      secret.grantRead(role);
      secret.grantWrite(role);
    }
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StageVersions',
        actions: ['secretsmanager:UpdateSecretVersionStage'],
        resources: Object.values(this.secrets).map((s) => s.secretArn),
      }),
    );
    // The Data API reads the master secret with the caller's permissions.
    props.masterSecret.grantRead(role);
    props.dataKey.grantDecrypt(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataApi',
        actions: ['rds-data:ExecuteStatement'],
        resources: [props.cluster.clusterArn],
      }),
    );
    const fn = inlineFunction(this, 'Function', {
      name,
      description: "Creates each service's PostgreSQL role from its secret; rotates those secrets",
      source: DATABASE_ROLES_HANDLER_SOURCE,
      role,
      logGroup,
      timeout: Duration.minutes(2),
      network: props.network,
      deadLetterTopic: props.deadLetterTopic,
      deadLetterTopicKeyArn: props.deadLetterTopicKeyArn,
      environment: {
        CLUSTER_ARN: props.cluster.clusterArn,
        MASTER_SECRET_ARN: props.masterSecret.secretArn,
        DATABASE: props.databaseName,
      },
    });

    const provision = new CustomResource(this, 'Provision', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::DatabaseRoles',
      properties: {
        Database: props.databaseName,
        Services: props.services.map((service) => ({
          SecretArn: this.secrets[service].secretArn,
          Migrates: String(service === props.migrator),
        })),
      },
    });
    provision.node.addDependency(role, props.cluster);
    for (const [service, secret] of Object.entries(this.secrets)) {
      secret.addRotationSchedule(`${service}Rotation`, {
        rotationLambda: fn,
        automaticallyAfter: props.rotateEvery,
        rotateImmediatelyOnUpdate: false,
      });
    }
  }
}
