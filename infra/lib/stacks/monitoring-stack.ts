// Monitoring: the dashboard and every alarm, each sending ALARM and OK to the SNS topic (S0.9, S2.8, S3.11).
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { HttpCodeElb, HttpCodeTarget } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvConfig, ServiceName } from '../../config/index.js';
import { OpsDashboard } from '../constructs/ops-dashboard.js';
import type { EdgeStack } from './edge-stack.js';
import { SERVICE_NAMES, type ServicesStack } from './services-stack.js';

export interface MonitoringStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly topic: sns.ITopic;
  readonly services: ServicesStack;
  readonly edge: EdgeStack;
}

const minute = Duration.minutes(1);

export class MonitoringStack extends Stack {
  readonly alarms: cw.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config, services, edge } = props;
    const action = new cwActions.SnsAction(props.topic);
    const alarm = (
      id: string,
      metric: cw.IMetric,
      threshold: number,
      minutes: number,
      description: string,
      comparison = cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ): cw.Alarm => {
      const a = new cw.Alarm(this, id, {
        alarmName: `${config.prefix}-${id}`,
        alarmDescription: description,
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
      alarm(
        `${name}-cpu-high`,
        svc.metricCpuUtilization({ period: minute }),
        80,
        10,
        `${name}: CPU > 80% for 10 min`,
      );
      alarm(
        `${name}-memory-high`,
        svc.metricMemoryUtilization({ period: minute }),
        80,
        10,
        `${name}: memory > 80% for 10 min`,
      );
      alarm(
        `${name}-unhealthy-hosts`,
        services.targetGroups[name].metrics.unhealthyHostCount({ period: minute, statistic: 'Maximum' }),
        0,
        2,
        `${name}: a target is failing /health`,
      );
      alarm(`${name}-disk-high`, this.ephemeralStorage(config, name), 80, 5, `${name}: task disk > 80% used`);
    }

    const alb = services.alb;
    alarm(
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
      'db-connections-high',
      db('DatabaseConnections', 'Maximum'),
      Math.floor(config.database.maxConnections * 0.9),
      5,
      `Aurora: connections > 90% of max_connections (${config.database.maxConnections})`,
    );
    alarm(
      'db-local-storage-low',
      db('FreeLocalStorage', 'Minimum'),
      1024 ** 3,
      5,
      'Aurora: free local (temp) storage < 1 GiB',
      cw.ComparisonOperator.LESS_THAN_THRESHOLD,
    );
    alarm('db-cpu-high', db('CPUUtilization', 'Average'), 80, 10, 'Aurora: CPU > 80% for 10 min');
    alarm(
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
      targetGroups: services.targetGroups,
      dbClusterIdentifier: dbId,
      cacheReplicationGroupId: `${config.prefix}-cache`,
      regionalWebAclName: `${config.prefix}-regional`,
      cloudFrontWebAclName: `${config.prefix}-cloudfront`,
      distributionId: edge.distribution.distributionId,
    });
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
