// Services: the ECS cluster, the ALB that answers CloudFront only (origin-facing prefix list + a secret origin
// header its rules require), the regional WAF, and the three Fargate services (patients, appointments, core)
// started from the one image, each connecting to the database as its own role.
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { EnvConfig, ServiceName } from '../../config/index.js';
import { ApiService } from '../constructs/api-service.js';
import { ORIGIN_VERIFY_HEADER } from '../constructs/origin-verify/index.js';
import { WebAcl } from '../constructs/web-acl.js';
import { APP_PORT, CACHE_PORT, DB_PORT } from '../ports.js';
import type { DataStack } from './data-stack.js';
import { DATABASE_NAME } from './data-stack.js';
import { SUBNETS } from './network-stack.js';

export interface ServicesStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly imageTag: string;
  readonly vpc: ec2.IVpc;
  readonly albSecurityGroup: ec2.ISecurityGroup;
  readonly serviceSecurityGroup: ec2.ISecurityGroup;
  readonly certificate: acm.ICertificate;
  readonly logsKey: kms.IKey;
  readonly logBucket: s3.IBucket;
  readonly repositories: Readonly<Record<ServiceName, ecr.IRepository>>;
  readonly data: DataStack;
  /** {"value"}: the origin-verify header CloudFront sends; every listener rule requires it (Foundation). */
  readonly originVerifySecret: secretsmanager.ISecret;
  /** The alarm topic: the deployment alarms report here too. */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Listener rules in priority order: the path decides which service answers (docs/architecture.md). Exactly one rule
 * per service, because ECS's canary shifts traffic on one production rule per service (decision 016): core
 * takes everything the other two do not (/api/*, /ws, /predict, /.well-known/*, /health, /docs, ...) and
 * answers unknown paths with its own JSON 404.
 */
export const ROUTES: readonly { service: ServiceName; priority: number; paths: string[] }[] = [
  { service: 'patients', priority: 10, paths: ['/api/patients*'] },
  {
    service: 'appointments',
    priority: 20,
    // contracts' pathPatternsOf('appointments'); an ALB rule takes at most five.
    paths: ['/api/appointments*', '/api/practitioners*', '/api/appointment-types*', '/api/slots*'],
  },
  { service: 'core', priority: 30, paths: ['/*'] },
];

/** Short service names for target group names, which stop at 32 characters (checked by lib/checks). */
export const SHORT_NAME: Readonly<Record<ServiceName, string>> = {
  patients: 'pat',
  appointments: 'appt',
  core: 'core',
};

export const SERVICE_NAMES: readonly ServiceName[] = ['patients', 'appointments', 'core'];

export class ServicesStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly targetGroups: Readonly<Record<ServiceName, elbv2.ApplicationTargetGroup>>;
  /** prod (canary): the alternate target group ECS puts each deployment's new tasks in. */
  readonly greenTargetGroups: Readonly<Partial<Record<ServiceName, elbv2.ApplicationTargetGroup>>>;
  readonly services: Readonly<Record<ServiceName, ApiService>>;
  readonly webAcl: WebAcl;

  constructor(scope: Construct, id: string, props: ServicesStackProps) {
    super(scope, id, props);
    const { config, data } = props;

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `${config.prefix}-cluster`,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      loadBalancerName: `${config.prefix}-alb`,
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: SUBNETS.public },
      securityGroup: props.albSecurityGroup,
      dropInvalidHeaderFields: true,
      deletionProtection: config.envName === 'prod',
      idleTimeout: Duration.seconds(120),
    });
    this.alb.logAccessLogs(props.logBucket, 'alb');
    // The ALB is cross-zone by default; say so in the template so it stays that way.
    this.alb.setAttribute('load_balancing.cross_zone.enabled', 'true');

    // HTTPS only: CloudFront talks to the origin over HTTPS, and nobody else may talk to it at all.
    const https = this.alb.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [props.certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      // Reached only by a request without the origin-verify header: not from our CloudFront.
      defaultAction: elbv2.ListenerAction.fixedResponse(403, {
        contentType: 'application/json',
        messageBody: '{"code":"FORBIDDEN","message":"Use the application address."}',
      }),
    });
    // Resolved by CloudFormation at deploy; the rotation function adds the next value beside it.
    const originVerify = props.originVerifySecret.secretValueFromJson('value').unsafeUnwrap();

    const targetGroup = (id: string, name: string) =>
      new elbv2.ApplicationTargetGroup(this, id, {
        targetGroupName: name,
        vpc: props.vpc,
        port: APP_PORT,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        deregistrationDelay: Duration.seconds(30),
        healthCheck: {
          path: '/health',
          healthyHttpCodes: '200',
          interval: Duration.seconds(30),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
      });
    const blue = (service: ServiceName) =>
      targetGroup(`${service}Targets`, `${config.prefix}-${SHORT_NAME[service]}-blue`);
    this.targetGroups = {
      patients: blue('patients'),
      appointments: blue('appointments'),
      core: blue('core'),
    };
    const canary = config.services.deploy.strategy === 'canary';
    this.greenTargetGroups = canary
      ? Object.fromEntries(
          SERVICE_NAMES.map((s) => [
            s,
            targetGroup(`${s}GreenTargets`, `${config.prefix}-${SHORT_NAME[s]}-green`),
          ]),
        )
      : {};
    // One role for the three services: ECS assumes it to register the canary's tasks and shift the weights.
    const trafficRole = canary
      ? new iam.Role(this, 'EcsTrafficShiftRole', {
          assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
          description: `${config.prefix}: ECS canary deployments move the listener rules' weights`,
          managedPolicies: [
            iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonECSInfrastructureRolePolicyForLoadBalancers'),
          ],
        })
      : undefined;
    const rules = {} as Record<ServiceName, elbv2.ApplicationListenerRule>;
    for (const route of ROUTES) {
      const green = this.greenTargetGroups[route.service];
      // Same scope and id as listener.addAction() used, so existing rules update in place (no priority clash).
      rules[route.service] = new elbv2.ApplicationListenerRule(https, `Route${route.priority}Rule`, {
        listener: https,
        priority: route.priority,
        conditions: [
          elbv2.ListenerCondition.pathPatterns(route.paths),
          elbv2.ListenerCondition.httpHeader(ORIGIN_VERIFY_HEADER, [originVerify]),
        ],
        // With a canary, the rule forwards to blue (weight 100) and green (weight 0); ECS moves the weights.
        action: green
          ? elbv2.ListenerAction.weightedForward([
              { targetGroup: this.targetGroups[route.service], weight: 100 },
              { targetGroup: green, weight: 0 },
            ])
          : elbv2.ListenerAction.forward([this.targetGroups[route.service]]),
      });
    }

    // Managed rules only: every request here comes from a CloudFront edge, so a per-address rate limit would
    // count CloudFront, not people. The per-client limits are in CloudFront's ACL (edge stack).
    this.webAcl = new WebAcl(this, 'Waf', {
      name: `${config.prefix}-regional`,
      scope: 'REGIONAL',
      logsKey: props.logsKey,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    new wafv2.CfnWebACLAssociation(this, 'WafAlb', {
      resourceArn: this.alb.loadBalancerArn,
      webAclArn: this.webAcl.acl.attrArn,
    });

    // Imported by ARN so grants land on the roles here, never on key or secret policies in the data stack
    // (which would make data depend on services: a cycle).
    const dataKey = kms.Key.fromKeyArn(this, 'DataKey', data.dataKey.keyArn);
    const secret = (id: string, arn: string) => secretsmanager.Secret.fromSecretCompleteArn(this, id, arn);
    const cacheSecret = secret('CacheSecret', data.cache.authSecret.secretArn);
    const adminSecret = secret('AdminSecret', data.adminSecret.secretArn);
    const signingKey = secret('SigningKeySecret', data.signingKey.secret.secretArn);

    const environment = {
      AWS_REGION: this.region,
      LOG_LEVEL: config.services.logLevel,
      PGHOST: data.database.cluster.clusterEndpoint.hostname,
      PGPORT: String(DB_PORT),
      PGDATABASE: DATABASE_NAME,
      PGSSLMODE: 'require',
      REDIS_HOST: data.cache.replicationGroup.attrPrimaryEndPointAddress,
      REDIS_PORT: String(CACHE_PORT),
      REDIS_TLS: 'true',
    };
    // Each service logs in as its own PostgreSQL role, granted only its own tables (DATABASE_ROLE).
    const dbSecrets = Object.fromEntries(
      SERVICE_NAMES.map((s) => [s, secret(`${s}DbSecret`, data.databaseRoles.secrets[s].secretArn)]),
    ) as Record<ServiceName, secretsmanager.ISecret>;
    const secrets = {
      REDIS_AUTH_TOKEN: ecs.Secret.fromSecretsManager(cacheSecret, 'token'),
      // Every service verifies access tokens with the public keys; only core holds the private key and signs.
      AUTH_PUBLIC_KEYS: ecs.Secret.fromSecretsManager(signingKey, 'publicKeys'),
    };

    const make = (
      service: ServiceName,
      extra: { env?: Record<string, string>; secrets?: Record<string, ecs.Secret> },
    ) =>
      new ApiService(this, `${service[0]?.toUpperCase()}${service.slice(1)}`, {
        service,
        prefix: config.prefix,
        cluster: this.cluster,
        repository: props.repositories[service],
        imageTag: props.imageTag,
        cpu: config.services.cpu,
        memoryMiB: config.services.memoryMiB,
        sizing: config.services.sizing[service],
        subnets: { subnetGroupName: SUBNETS.app },
        securityGroup: props.serviceSecurityGroup,
        targetGroup: this.targetGroups[service],
        canary:
          config.services.deploy.strategy === 'canary'
            ? {
                greenTargetGroup: this.greenTargetGroups[service]!,
                productionRule: rules[service],
                role: trafficRole!,
                percent: config.services.deploy.percent,
                bakeMinutes: config.services.deploy.bakeMinutes,
              }
            : undefined,
        alarmTopic: props.alarmTopic,
        environment: {
          ...environment,
          DB_SECRET_ARN: dbSecrets[service].secretArn,
          // Only core migrates (it owns the tables); the others would lack the rights and must not try.
          DATABASE_MIGRATE: String(service === 'core'),
          ...extra.env,
        },
        secrets: {
          PGUSER: ecs.Secret.fromSecretsManager(dbSecrets[service], 'username'),
          PGPASSWORD: ecs.Secret.fromSecretsManager(dbSecrets[service], 'password'),
          ...secrets,
          ...extra.secrets,
        },
        dataKey,
        logsKey: props.logsKey,
        logRetention: config.logRetention,
        logRemovalPolicy: config.removalPolicy,
        otelCollectorImage: config.services.otelCollectorImage,
      });

    // Patients' documents (/api/patients/**) and the clinic's knowledge base (/api/knowledge, core) share the
    // uploads bucket, encrypted with the data key (without S3_KMS_KEY_ID, aws:kms would use aws/s3).
    const uploadsEnv = { S3_BUCKET: data.uploads.bucketName, S3_KMS_KEY_ID: dataKey.keyArn };
    this.services = {
      patients: make('patients', { env: uploadsEnv }),
      appointments: make('appointments', {}),
      // The AI helper (/predict, /ws), sign-in (it signs the tokens) and the first-admin bootstrap live in core.
      core: make('core', {
        env: { ...uploadsEnv, ASSISTANT_PROVIDER: 'bedrock', VOICE_PROVIDER: 'aws' },
        secrets: {
          ADMIN_EMAIL: ecs.Secret.fromSecretsManager(adminSecret, 'username'),
          ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(adminSecret, 'password'),
          AUTH_PRIVATE_KEY: ecs.Secret.fromSecretsManager(signingKey, 'privateKey'),
        },
      }),
    };
    this.grantAppPermissions(data, dataKey, dbSecrets);

    new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
    new CfnOutput(this, 'AlbDnsName', { value: this.alb.loadBalancerDnsName });
  }

  /** Task roles: each service gets what its own code calls, by ARN, and nothing else. */
  private grantAppPermissions(
    data: DataStack,
    dataKey: kms.IKey,
    dbSecrets: Readonly<Record<ServiceName, secretsmanager.ISecret>>,
  ): void {
    for (const name of SERVICE_NAMES) {
      // Re-read the rotated database password after an authentication failure.
      this.services[name].taskRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ReadOwnDatabaseSecret',
          actions: ['secretsmanager:GetSecretValue'],
          resources: [dbSecrets[name].secretArn],
        }),
      );
      dataKey.grantDecrypt(this.services[name].taskRole);
    }

    this.services.patients.taskRole.addManagedPolicy(data.uploadsReadWritePolicy);
    this.services.core.taskRole.addManagedPolicy(data.uploadsReadWritePolicy);

    const core = this.services.core.taskRole;
    core.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'BedrockClaude',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: [
          'arn:aws:bedrock:*::foundation-model/anthropic.claude-*',
          `arn:aws:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/us.anthropic.claude-*`,
        ],
      }),
    );
    core.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SpeechPollyTranscribe',
        // Neither service supports resource-level permissions for these actions.
        actions: [
          'polly:SynthesizeSpeech',
          'transcribe:StartStreamTranscription',
          'transcribe:StartStreamTranscriptionWebSocket',
        ],
        resources: ['*'],
      }),
    );
  }
}
