// One Fargate service of the API image: task definition (app + ADOT collector sidecar), least-privilege roles,
// deploys (rolling, or a native ECS canary) that roll back on the circuit breaker and on two deployment alarms,
// and target tracking on CPU, memory and ALB requests.
import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ServiceName, ServiceSizing } from '../../config/index.js';
import { APP_PORT } from '../ports.js';
import { encryptedLogGroup } from './encrypted-log-group.js';
import { APP_HEALTH_CHECK } from './defaults.js';

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

/** Target tracking: requests a minute per task, summed over blue and green. */
export const REQUESTS_PER_TASK_PER_MINUTE = 1000;

/** Deployment alarms: more than this many target 5xx a minute, or any unhealthy target, for this many minutes. */
export const DEPLOY_ALARM = { threshold: { errors: 5, unhealthy: 0 }, minutes: 2 } as const;

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
  /**
   * Prod: a native ECS canary. ECS registers the new tasks in the green target group and shifts `percent` of
   * the production rule's traffic to it for `bakeMinutes`, then all of it; absent = rolling.
   */
  readonly canary?: {
    readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
    readonly productionRule: elbv2.ApplicationListenerRule;
    /** The role ECS assumes to register tasks in the green group and move the rule's weights. */
    readonly role: iam.IRole;
    readonly percent: number;
    readonly bakeMinutes: number;
  };
  /** Where the deployment alarms send ALARM and OK. */
  readonly alarmTopic: sns.ITopic;
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
  readonly executionRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The alarms that roll a deployment back: 5xx from this service's targets, and unhealthy targets. */
  readonly deploymentAlarms: readonly cw.Alarm[];

  constructor(scope: Construct, id: string, props: ApiServiceProps) {
    super(scope, id);
    const name = `${props.prefix}-${props.service}`;

    // Named, so the deploy role of the Ci stack can pass core's roles to the migration task by ARN.
    this.taskRole = new iam.Role(this, 'TaskRole', {
      roleName: `${name}-task`,
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
      roleName: `${name}-execution`,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: `${name}: pull the image, write logs, read the injected secrets`,
    });
    props.dataKey.grantDecrypt(executionRole);
    this.executionRole = executionRole;

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
      healthCheck: APP_HEALTH_CHECK,
      stopTimeout: Duration.seconds(30),
      linuxParameters: new ecs.LinuxParameters(this, 'Linux', { initProcessEnabled: true }),
    });
    app.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });

    this.taskDefinition.addContainer('otel-collector', {
      image: this.collectorImage(props.otelCollectorImage),
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

    this.deploymentAlarms = this.createDeploymentAlarms(name, props);
    const { canary } = props;
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
      // Literal names, not tokens: the alarms read the target groups, never the service, so no cycle.
      deploymentAlarms: {
        alarmNames: this.deploymentAlarms.map((a) => a.alarmName),
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
      ...(canary
        ? {
            deploymentStrategy: ecs.DeploymentStrategy.CANARY,
            canaryConfiguration: {
              stepPercent: canary.percent,
              stepBakeTime: Duration.minutes(canary.bakeMinutes),
            },
            // After 100% shifts, the old (blue) tasks stay up this long so a late alarm still rolls back at once.
            bakeTime: Duration.minutes(canary.bakeMinutes),
          }
        : {}),
      healthCheckGracePeriod: Duration.seconds(60),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      enableExecuteCommand: false,
    });
    if (canary) {
      this.service
        .loadBalancerTarget({
          containerName: 'app',
          containerPort: APP_PORT,
          alternateTarget: new ecs.AlternateTarget('Green', {
            alternateTargetGroup: canary.greenTargetGroup,
            role: canary.role,
            productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(canary.productionRule),
          }),
        })
        .attachToApplicationTargetGroup(props.targetGroup);
    } else {
      this.service.attachToApplicationTargetGroup(props.targetGroup);
    }

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: props.sizing.minTasks,
      maxCapacity: props.sizing.maxTasks,
    });
    const cooldowns = { scaleOutCooldown: Duration.seconds(60), scaleInCooldown: Duration.seconds(300) };
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 70, ...cooldowns });
    scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: 80, ...cooldowns });
    this.scaleOnRequestsInEveryGroup(scaling, props, cooldowns);
  }

  /**
   * The ADOT collector: from public.ecr.aws, or (`ecr-public/...` without NAT) through this account's ECR
   * pull-through cache, whose first pull creates the cached repository with the execution role.
   */
  private collectorImage(image: string): ecs.ContainerImage {
    const cached = image.match(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/(ecr-public\/[^:@]+)/);
    if (!cached) return ecs.ContainerImage.fromRegistry(image);
    const stack = Stack.of(this);
    const repository = `arn:${stack.partition}:ecr:${stack.region}:${stack.account}:repository/${cached[1]}`;
    this.executionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PullCollectorThroughCache',
        actions: [
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchImportUpstreamImage',
          'ecr:CreateRepository',
        ],
        resources: [repository],
      }),
    );
    return ecs.ContainerImage.fromRegistry(image);
  }

  /**
   * Requests per running task across every target group the service's tasks can be in: after a prod canary
   * the traffic runs in green, and a policy on blue alone would stop seeing it. CDK's target tracking takes
   * one plain metric, so the metric math goes in through the L1 property.
   */
  private scaleOnRequestsInEveryGroup(
    scaling: ecs.ScalableTaskCount,
    props: ApiServiceProps,
    cooldowns: { scaleOutCooldown: Duration; scaleInCooldown: Duration },
  ): void {
    const groups = [props.targetGroup, ...(props.canary ? [props.canary.greenTargetGroup] : [])];
    scaling.scaleToTrackCustomMetric('Requests', {
      metric: props.targetGroup.metrics.requestCount({ statistic: 'Sum', period: Duration.minutes(1) }),
      targetValue: REQUESTS_PER_TASK_PER_MINUTE,
      ...cooldowns,
    });
    const stat = (metric: cw.IMetric, stat: string) => {
      const m = metric.toMetricConfig().metricStat!;
      return {
        Metric: {
          Namespace: m.namespace,
          MetricName: m.metricName,
          Dimensions: (m.dimensions ?? []).map((d) => ({ Name: d.name, Value: d.value as string })),
        },
        Stat: stat,
      };
    };
    const tasks = new cw.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensionsMap: {
        ClusterName: props.cluster.clusterName,
        ServiceName: `${props.prefix}-${props.service}`,
      },
    });
    const ids = groups.map((_, i) => `tg${i}`);
    // ScalableTaskCount puts the policy on its scalable target and returns nothing.
    const policy = scaling.node.findAll().find((c) => c.node.id === 'Requests');
    const cfn = policy?.node.defaultChild as appscaling.CfnScalingPolicy;
    const spec = 'TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification';
    // A specification holds either one metric or Metrics: drop the placeholder's single-metric fields.
    for (const key of ['MetricName', 'Namespace', 'Dimensions', 'Statistic', 'Unit']) {
      cfn.addPropertyDeletionOverride(`${spec}.${key}`);
    }
    cfn.addPropertyOverride(`${spec}.Metrics`, [
      ...groups.map((g, i) => ({
        Id: ids[i],
        MetricStat: stat(g.metrics.requestCount(), 'Sum'),
        ReturnData: false,
      })),
      { Id: 'tasks', MetricStat: stat(tasks, 'Average'), ReturnData: false },
      {
        Id: 'perTask',
        Expression: `(${ids.map((id) => `FILL(${id}, 0)`).join(' + ')}) / tasks`,
        Label: 'ALB requests per running task, every target group',
        ReturnData: true,
      },
    ]);
  }

  /**
   * Both alarms watch every target group the service's tasks can be in (blue and, in prod, green), so the
   * canary's own errors count. Physical names are literal strings: ECS refers to alarms by name.
   */
  private createDeploymentAlarms(name: string, props: ApiServiceProps): cw.Alarm[] {
    const groups = [props.targetGroup, ...(props.canary ? [props.canary.greenTargetGroup] : [])];
    const ids = groups.map((_, i) => `tg${i}`);
    const per = (metric: (g: elbv2.ApplicationTargetGroup) => cw.IMetric) =>
      Object.fromEntries(groups.map((g, i) => [ids[i], metric(g)]));
    const minute = Duration.minutes(1);
    const action = new cwActions.SnsAction(props.alarmTopic);
    const make = (
      id: string,
      suffix: string,
      description: string,
      expression: string,
      metrics: Record<string, cw.IMetric>,
    ) => {
      const alarm = new cw.Alarm(this, id, {
        alarmName: `${name}-deploy-${suffix}`,
        alarmDescription: `${description}; rolls back a deployment in progress`,
        metric: new cw.MathExpression({ expression, usingMetrics: metrics, period: minute }),
        threshold: DEPLOY_ALARM.threshold[suffix === '5xx' ? 'errors' : 'unhealthy'],
        evaluationPeriods: DEPLOY_ALARM.minutes,
        datapointsToAlarm: DEPLOY_ALARM.minutes,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    };
    return [
      make(
        'Deploy5xx',
        '5xx',
        `${props.service}: targets answered more than ${DEPLOY_ALARM.threshold.errors} 5xx a minute`,
        ids.map((id) => `FILL(${id}, 0)`).join(' + '),
        per((g) => g.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: minute })),
      ),
      make(
        'DeployUnhealthy',
        'unhealthy',
        `${props.service}: a target is failing /health`,
        ids.length === 1 ? `FILL(${ids[0]}, 0)` : `MAX([${ids.map((id) => `FILL(${id}, 0)`).join(', ')}])`,
        per((g) => g.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' })),
      ),
    ];
  }
}
