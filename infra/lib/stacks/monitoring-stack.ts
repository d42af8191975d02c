// Monitoring: the dashboard and every alarm, each sending ALARM and OK to its tier's SNS topic: critical or
// warning (S0.9, S2.8, S3.11). Target-group alarms and widgets cover blue and green, so they follow a canary.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { HttpCodeElb, HttpCodeTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvConfig, ServiceName } from '../../config/index.js';
import { OpsDashboard } from '../constructs/ops-dashboard.js';
import type { EdgeStack } from './edge-stack.js';
import { SERVICE_NAMES, type ServicesStack } from './services-stack.js';

export interface MonitoringStackProps extends StackProps {
  readonly config: EnvConfig;
  /** Critical: act now (S3.11: CPU > 90% 5 min, 5xx > 10/min, DB connections > 90%, health check failures). */
  readonly criticalTopic: sns.ITopic;
  /** Warning: look today (S3.11: CPU > 70% 10 min, latency > 1 s), and the capacity alarms. */
  readonly warningTopic: sns.ITopic;
  readonly services: ServicesStack;
  readonly edge: EdgeStack;
}

const minute = Duration.minutes(1);

export type Tier = 'critical' | 'warning';

export class MonitoringStack extends Stack {
  readonly alarms: cw.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, services, edge } = props;
    const actions = {
      critical: new cwActions.SnsAction(props.criticalTopic),
      warning: new cwActions.SnsAction(props.warningTopic),
    };
    const alarm = (
      tier: Tier,
      id: string,
      metric: cw.IMetric,
      threshold: number,
      minutes: number,
      description: string,
      comparison = cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ): cw.Alarm => {
      const action = actions[tier];
      const a = new cw.Alarm(this, id, {
        alarmName: `${config.prefix}-${id}`,
        alarmDescription: `[${tier}] ${description}`,
        metric,
        threshold,
        evaluationPeriods: minutes,
        datapointsToAlarm: minutes,
        comparisonOperator: comparison,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      this.alarms.push(a);
      return a;
    };

    for (const name of SERVICE_NAMES) {
      const svc = services.services[name].service;
      const cpu = svc.metricCpuUtilization({ period: minute });
      alarm('critical', `${name}-cpu-critical`, cpu, 90, 5, `${name}: CPU > 90% for 5 min`);
      alarm('warning', `${name}-cpu-warning`, cpu, 70, 10, `${name}: CPU > 70% for 10 min`);
      alarm(
        'warning',
        `${name}-memory-high`,
        svc.metricMemoryUtilization({ period: minute }),
        80,
        10,
        `${name}: memory > 80% for 10 min`,
      );
      const groups = this.groupsOf(services, name);
      alarm(
        'critical',
        `${name}-unhealthy-hosts`,
        new cw.MathExpression({
          expression: `MAX([${groups.map((_, i) => `FILL(tg${i}, 0)`).join(', ')}])`,
          usingMetrics: Object.fromEntries(
            groups.map((g, i) => [
              `tg${i}`,
              g.metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' }),
            ]),
          ),
          period: minute,
          label: 'unhealthy targets, blue and green',
        }),
        0,
        2,
        `${name}: a target is failing /health (blue or green group)`,
      );
      alarm(
        'warning',
        `${name}-disk-high`,
        this.ephemeralStorage(config, name),
        80,
        5,
        `${name}: task disk > 80% used`,
      );
    }

    const alb = services.alb;
    alarm(
      'critical',
      'alb-5xx',
      new cw.MathExpression({
        expression: 'FILL(elb, 0) + FILL(target, 0)',
        usingMetrics: {
          elb: alb.metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, { period: minute }),
          target: alb.metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, { period: minute }),
        },
        period: minute,
        label: '5xx per minute',
      }),
      10,
      1,
      'ALB: more than 10 5xx responses in a minute',
    );
    alarm(
      'warning',
      'alb-latency-p99',
      alb.metrics.targetResponseTime({ period: minute, statistic: 'p99' }),
      1,
      5,
      'ALB: p99 target response time > 1 s for 5 min',
    );

    const dbId = `${config.prefix}-db`;
    const db = (metricName: string, statistic: string) =>
      new cw.Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { DBClusterIdentifier: dbId },
        statistic,
        period: minute,
      });
    alarm(
      'critical',
      'db-connections-high',
      db('DatabaseConnections', 'Maximum'),
      Math.floor(config.database.maxConnections * 0.9),
      5,
      `Aurora: connections > 90% of max_connections (${config.database.maxConnections})`,
    );
    alarm(
      'warning',
      'db-local-storage-low',
      db('FreeLocalStorage', 'Minimum'),
      1024 ** 3,
      5,
      'Aurora: free local (temp) storage < 1 GiB',
      cw.ComparisonOperator.LESS_THAN_THRESHOLD,
    );
    alarm('warning', 'db-cpu-high', db('CPUUtilization', 'Average'), 80, 10, 'Aurora: CPU > 80% for 10 min');
    alarm(
      'warning',
      'cache-memory-high',
      new cw.Metric({
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensionsMap: { ReplicationGroupId: `${config.prefix}-cache` },
        statistic: 'Maximum',
        period: minute,
      }),
      80,
      5,
      'Redis: memory > 80% (evictions follow)',
    );
    alarm(
      'critical',
      'origin-health-check',
      new cw.Metric({
        namespace: 'AWS/Route53',
        metricName: 'HealthCheckStatus',
        dimensionsMap: { HealthCheckId: edge.healthCheck.healthCheckId },
        statistic: 'Minimum',
        period: minute,
      }),
      1,
      3,
      'Route 53: the ALB /health check failed for 3 min; the origin name now points at the maintenance page',
      cw.ComparisonOperator.LESS_THAN_THRESHOLD,
    );

    new OpsDashboard(this, 'Ops', {
      name: `${config.prefix}-operations`,
      region: this.region,
      services: Object.fromEntries(SERVICE_NAMES.map((n) => [n, services.services[n].service])),
      alb,
      targetGroups: Object.fromEntries(
        SERVICE_NAMES.flatMap((n) =>
          this.groupsOf(services, n).map((g, i) => [`${n} ${i ? 'green' : 'blue'}`, g]),
        ),
      ),
      dbClusterIdentifier: dbId,
      cacheReplicationGroupId: `${config.prefix}-cache`,
      regionalWebAclName: `${config.prefix}-regional`,
      cloudFrontWebAclName: `${config.prefix}-cloudfront`,
      distributionId: edge.distribution.distributionId,
    });
  }

  /** The target groups a service's tasks can be in: blue, and in prod (canary) green. */
  private groupsOf(services: ServicesStack, name: ServiceName): elbv2.ApplicationTargetGroup[] {
    const green = services.greenTargetGroups[name];
    return [services.targetGroups[name], ...(green ? [green] : [])];
  }

  /** Fargate task storage in use, from Container Insights, as a percentage of what the task has. */
  private ephemeralStorage(config: EnvConfig, service: ServiceName): cw.IMetric {
    const m = (metricName: string) =>
      new cw.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName,
        dimensionsMap: {
          ClusterName: `${config.prefix}-cluster`,
          ServiceName: `${config.prefix}-${service}`,
        },
        statistic: 'Maximum',
        period: minute,
      });
    return new cw.MathExpression({
      expression: '100 * used / reserved',
      usingMetrics: { used: m('EphemeralStorageUtilized'), reserved: m('EphemeralStorageReserved') },
      period: minute,
      label: 'task storage %',
    });
  }
}
