// One Fargate service of the API image: task definition (app + ADOT collector sidecar), least-privilege roles,
// rolling deploys with circuit-breaker rollback, and target tracking on CPU, memory and ALB requests.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ServiceName, ServiceSizing } from '../../config/index.js';
import { APP_PORT } from '../ports.js';
import { encryptedLogGroup } from './encrypted-log-group.js';

/** The collector receives OTLP from the app on localhost and sends traces to X-Ray; nothing else. */
const OTEL_CONFIG = `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:4317
      http:
        endpoint: 127.0.0.1:4318
processors:
  batch: {}
exporters:
  awsxray: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [awsxray]
`;

export interface ApiServiceProps {
  readonly service: ServiceName;
  readonly prefix: string;
  readonly cluster: ecs.ICluster;
  readonly repository: ecr.IRepository;
  readonly imageTag: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly sizing: ServiceSizing;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** Plain configuration: hostnames, ports, names. Never credentials. */
  readonly environment: Readonly<Record<string, string>>;
  /** Credentials, resolved by ECS from Secrets Manager at task start. */
  readonly secrets: Readonly<Record<string, ecs.Secret>>;
  /** The data key, needed to decrypt the injected secrets and (patients) the uploads. */
  readonly dataKey: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly otelCollectorImage: string;
}

export class ApiService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly taskRole: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const name = `${props.prefix}-${props.service}`;

    this.taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${name}: what the app itself may call`,
    });
    // The collector sidecar writes traces with the task role (X-Ray has no resource-level permissions).
    this.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'XRayTraces',
        actions: [
          'xray:PutTraceSegments',
          'xray:PutTelemetryRecords',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
        ],
        resources: ['*'],
      }),
    );
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${name}: pull the image, write logs, read the injected secrets`,
    });
    props.dataKey.grantDecrypt(executionRole);

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      family: name,
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      taskRole: this.taskRole,
      executionRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    // Read-only root file system: the app gets a writable /tmp and nothing else.
    this.taskDefinition.addVolume({ name: 'tmp' });

    this.logGroup = encryptedLogGroup(this, 'Logs', {
      logGroupName: `/${props.prefix}/services/${props.service}`,
      key: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const logging = ecs.LogDrivers.awsLogs({
      logGroup: this.logGroup,
      streamPrefix: 'app',
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
    });

    const app = this.taskDefinition.addContainer('app', {
      image: ecs.ContainerImage.fromEcrRepository(props.repository, props.imageTag),
      essential: true,
      user: '1001',
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: APP_PORT, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: {
        ...props.environment,
        SERVICES: props.service,
        PORT: String(APP_PORT),
        HOST: '0.0.0.0',
        NODE_ENV: 'production',
        DATA_DIR: '/tmp/data',
        OTEL_SERVICE_NAME: name,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      },
      secrets: { ...props.secrets },
      logging,
      healthCheck: {
        // Node is in the image; curl may not be.
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${APP_PORT}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      stopTimeout: Duration.seconds(30),
      linuxParameters: new ecs.LinuxParameters(this, 'Linux', { initProcessEnabled: true }),
    });
    app.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    this.taskDefinition.addContainer('otel-collector', {
      image: ecs.ContainerImage.fromRegistry(props.otelCollectorImage),
      essential: false,
      readonlyRootFilesystem: true,
      user: '10001',
      environment: { AOT_CONFIG_CONTENT: OTEL_CONFIG },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: 'otel',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
      memoryReservationMiB: 64,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: name,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.sizing.minTasks,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
      assignPublicIp: false,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: ecs.DeploymentControllerType.ECS },
      healthCheckGracePeriod: Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      enableExecuteCommand: false,
    });
    this.service.attachToApplicationTargetGroup(props.targetGroup);

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: props.sizing.minTasks,
      maxCapacity: props.sizing.maxTasks,
    });
    const cooldowns = { scaleOutCooldown: Duration.seconds(60), scaleInCooldown: Duration.seconds(300) };
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70, ...cooldowns });
    scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 80, ...cooldowns });
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: 1000,
      targetGroup: props.targetGroup,
      ...cooldowns,
    });
  }
}
