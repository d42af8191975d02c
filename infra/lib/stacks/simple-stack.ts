// The simple path (seed S3.13, docs/decisions/070): one Fargate task running every service of the same image,
// behind an API Gateway HTTP API that reaches it privately through a VPC link and Cloud Map, with Aurora
// Serverless v2 that pauses to 0 ACU after 5 idle minutes. No NAT gateway, no ALB, no Redis, no CloudFront:
// the task sits in a public subnet for its own outbound calls, and its security group admits the VPC link only.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpServiceDiscoveryIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { AuroraDatabase } from '../constructs/aurora-database.js';
import { encryptedLogGroup } from '../constructs/encrypted-log-group.js';
import { LogBucket } from '../constructs/log-bucket.js';
import { SigningKey } from '../constructs/signing-key/index.js';
import { UploadsBucket } from '../constructs/uploads-bucket.js';
import { APP_PORT, DB_PORT } from '../ports.js';
import { DATABASE_NAME } from './data-stack.js';
import { APP_HEALTH_CHECK, logsMayEncrypt } from '../constructs/defaults.js';

export interface SimpleStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly imageTag: string;
  /** The core repository of the Registry stack: the same image as the scalable path. */
  readonly repository: ecr.IRepository;
}

/** Idle minutes before Aurora pauses to 0 ACU (seed 003: 5 in dev). */
export const AUTO_PAUSE_SECONDS = 300;

export class SimpleStack extends Stack {
  readonly service: ecs.FargateService;
  readonly api: apigw.HttpApi;
  readonly database: AuroraDatabase;

  private readonly azs: readonly string[];

  constructor(scope: Construct, id: string, props: SimpleStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.azs = config.availabilityZones;
    const prefix = `${config.prefix}-simple`;

    const key = new kms.Key(this, 'Key', {
      alias: `alias/${prefix}`,
      description: `${prefix}: database, uploads, secrets and logs`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(logsMayEncrypt(this));
    const logs = (id: string, name: string) =>
      encryptedLogGroup(this, id, {
        logGroupName: `/${prefix}/${name}`,
        key,
        retention: config.logRetention,
        removalPolicy: config.removalPolicy,
      });

    const vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: `${prefix}-vpc`,
      ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
      availabilityZones: [...config.availabilityZones],
      natGateways: 0,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(logs('FlowLogs', 'vpc-flow-logs')),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
    const linkSg = new ec2.SecurityGroup(this, 'VpcLinkSg', {
      vpc,
      description: 'API Gateway VPC link: to the task only',
      allowAllOutbound: false,
    });
    const taskSg = new ec2.SecurityGroup(this, 'TaskSg', {
      vpc,
      description: 'The task: the app port from the VPC link only; out to AWS APIs over HTTPS',
      allowAllOutbound: true,
    });
    taskSg.addIngressRule(linkSg, ec2.Port.tcp(APP_PORT), 'From the VPC link');
    linkSg.addEgressRule(taskSg, ec2.Port.tcp(APP_PORT), 'To the task');
    const dbSg = new ec2.SecurityGroup(this, 'DatabaseSg', {
      vpc,
      description: 'Aurora: PostgreSQL from the task only',
      allowAllOutbound: false,
    });
    dbSg.addIngressRule(taskSg, ec2.Port.tcp(DB_PORT), 'From the task');

    this.database = new AuroraDatabase(this, 'Database', {
      clusterIdentifier: `${prefix}-db`,
      databaseName: DATABASE_NAME,
      port: DB_PORT,
      vpc,
      subnets: { subnetGroupName: 'data' },
      securityGroup: dbSg,
      availabilityZones: config.availabilityZones,
      key,
      logsKey: key,
      logRetention: config.logRetention,
      minAcu: 0,
      autoPauseSeconds: AUTO_PAUSE_SECONDS,
      maxAcu: 1,
      reader: false,
      maxConnections: 100,
      backupRetentionDays: config.database.backupRetentionDays,
      deletionProtection: false,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      logRemovalPolicy: config.removalPolicy,
    });

    const logBucket = new LogBucket(this, 'AccessLogs', { expireAfterDays: 30 }).bucket;
    const uploads = new UploadsBucket(this, 'Uploads', {
      key,
      logBucket,
      webOrigin: `https://${config.dns.appDomain}`,
    });
    const failures = new sns.Topic(this, 'Failures', {
      topicName: `${prefix}-failures`,
      masterKey: key,
      enforceSSL: true,
    });
    const signingKey = new SigningKey(this, 'SigningKey', {
      prefix,
      dataKey: key,
      deadLetterTopic: failures,
      deadLetterTopicKeyArn: key.keyArn,
      logsKey: key,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    const adminSecret = new secretsmanager.Secret(this, 'AdminSecret', {
      description: `${prefix}: first admin account (ADMIN_EMAIL / ADMIN_PASSWORD)`,
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: config.adminEmail }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: '"\\/@\'`',
      },
      removalPolicy: config.removalPolicy,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `${prefix}-cluster`,
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: { name: `${prefix}.internal`, vpc },
    });
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${prefix}: pull the image, write logs, read the injected secrets`,
    });
    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${prefix}: what the app itself may call`,
    });
    key.grantDecrypt(executionRole);
    taskRole.addManagedPolicy(uploads.readWritePolicy);
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'BedrockClaude',
        actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        resources: ['arn:aws:bedrock:*::foundation-model/anthropic.claude-*'],
      }),
    );
    this.database.secret.grantRead(taskRole);
    key.grantDecrypt(taskRole);

    const task = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      family: prefix,
      cpu: 512,
      memoryLimitMiB: 1024,
      taskRole,
      executionRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    task.addVolume({ name: 'tmp' });
    const db = this.database.secret;
    const app = task.addContainer('app', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      essential: true,
      user: '1001',
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: APP_PORT, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: {
        // Every service in one process: it serves the web app too (core), as on a laptop.
        SERVICES: 'patients,appointments,core',
        PORT: String(APP_PORT),
        HOST: '0.0.0.0',
        NODE_ENV: 'production',
        DATA_DIR: '/tmp/data',
        AWS_REGION: this.region,
        LOG_LEVEL: config.services.logLevel,
        PGHOST: this.database.cluster.clusterEndpoint.hostname,
        PGPORT: String(DB_PORT),
        PGDATABASE: DATABASE_NAME,
        PGSSLMODE: 'require',
        DB_SECRET_ARN: db.secretArn,
        S3_BUCKET: uploads.bucket.bucketName,
        S3_KMS_KEY_ID: key.keyArn,
        ASSISTANT_PROVIDER: 'bedrock',
        // API Gateway's VPC link is the one proxy in front.
        TRUST_PROXY_HOPS: '1',
      },
      secrets: {
        // One process hosts every service and runs the migrations: it logs in as the owner (decision 070).
        PGUSER: ecs.Secret.fromSecretsManager(db, 'username'),
        PGPASSWORD: ecs.Secret.fromSecretsManager(db, 'password'),
        AUTH_PRIVATE_KEY: ecs.Secret.fromSecretsManager(signingKey.secret, 'privateKey'),
        AUTH_PUBLIC_KEYS: ecs.Secret.fromSecretsManager(signingKey.secret, 'publicKeys'),
        ADMIN_EMAIL: ecs.Secret.fromSecretsManager(adminSecret, 'username'),
        ADMIN_PASSWORD: ecs.Secret.fromSecretsManager(adminSecret, 'password'),
      },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: logs('Logs', 'app'),
        streamPrefix: 'app',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
      healthCheck: APP_HEALTH_CHECK,
      stopTimeout: Duration.seconds(30),
      linuxParameters: new ecs.LinuxParameters(this, 'Linux', { initProcessEnabled: true }),
    });
    app.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: prefix,
      cluster,
      taskDefinition: task,
      desiredCount: 1,
      // Public subnet and address for its own calls out (ECR, Secrets Manager, Bedrock): no NAT to pay for.
      // Nothing reaches it from outside: its security group admits the VPC link only.
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      assignPublicIp: true,
      securityGroups: [taskSg],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      cloudMapOptions: {
        name: 'app',
        dnsRecordType: servicediscovery.DnsRecordType.SRV,
        container: app,
        containerPort: APP_PORT,
        dnsTtl: Duration.seconds(10),
      },
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableExecuteCommand: false,
    });

    const vpcLink = new apigw.VpcLink(this, 'VpcLink', {
      vpc,
      subnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [linkSg],
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: prefix,
      description: `${prefix}: HTTPS in front of the one task`,
      defaultIntegration: new HttpServiceDiscoveryIntegration('Task', this.service.cloudMapService!, {
        vpcLink,
      }),
    });
    const accessLogs = logs('ApiAccessLogs', 'api-access');
    const stage = this.api.defaultStage!.node.defaultChild as apigw.CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      // No query strings, no headers: nothing that can carry PHI or a credential.
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 100, throttlingRateLimit: 50 };

    new CfnOutput(this, 'AppUrl', { value: this.api.apiEndpoint });
  }

  /** The configured AZs, so synthesis never asks AWS which ones exist. */
  override get availabilityZones(): string[] {
    return [...this.azs];
  }
}
