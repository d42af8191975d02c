// The operations dashboard: services, ALB, Aurora, Redis, WAF and CloudFront on one screen.
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

export interface OpsDashboardProps {
  readonly name: string;
  readonly region: string;
  readonly services: Readonly<Record<string, ecs.FargateService>>;
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly targetGroups: Readonly<Record<string, elbv2.ApplicationTargetGroup>>;
  readonly dbClusterIdentifier: string;
  readonly cacheReplicationGroupId: string;
  readonly regionalWebAclName: string;
  readonly cloudFrontWebAclName: string;
  readonly distributionId: string;
}

const minute = Duration.minutes(1);

export class OpsDashboard extends Construct {
  readonly dashboard: cw.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const services = Object.entries(props.services);
    const db = (metricName: string, statistic = 'Average') =>
      new cw.Metric({
        namespace: 'AWS/RDS',
        metricName,
        dimensionsMap: { DBClusterIdentifier: props.dbClusterIdentifier },
        statistic,
        period: minute,
      });
    const cache = (metricName: string, statistic = 'Average') =>
      new cw.Metric({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensionsMap: { ReplicationGroupId: props.cacheReplicationGroupId },
        statistic,
        period: minute,
      });
    const waf = (acl: string, region: string) =>
      new cw.Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap:
          region === 'global' ? { WebACL: acl, Rule: 'ALL' } : { WebACL: acl, Rule: 'ALL', Region: region },
        region: 'us-east-1',
        statistic: 'Sum',
        period: minute,
        label: acl,
      });

    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: props.name,
      defaultInterval: Duration.hours(3),
    });
    const graph = (title: string, left: cw.IMetric[], right: cw.IMetric[] = []) =>
      new cw.GraphWidget({ title, left, right, width: 8, height: 6 });

    this.dashboard.addWidgets(
      graph(
        'Service CPU %',
        services.map(([n, s]) => s.metricCpuUtilization({ period: minute, label: n })),
      ),
      graph(
        'Service memory %',
        services.map(([n, s]) => s.metricMemoryUtilization({ period: minute, label: n })),
      ),
      graph(
        'Healthy hosts per target group',
        Object.entries(props.targetGroups).map(([n, tg]) =>
          tg.metrics.healthyHostCount({ period: minute, label: n }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph('ALB requests', [props.alb.metrics.requestCount({ period: minute })]),
      graph('ALB latency p50 / p99 (s)', [
        props.alb.metrics.targetResponseTime({ period: minute, statistic: 'p50', label: 'p50' }),
        props.alb.metrics.targetResponseTime({ period: minute, statistic: 'p99', label: 'p99' }),
      ]),
      graph('ALB 5xx', [
        props.alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: minute, label: 'ELB 5xx' }),
        props.alb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
          period: minute,
          label: 'target 5xx',
        }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Aurora ACU and CPU %', [db('ServerlessDatabaseCapacity')], [db('CPUUtilization')]),
      graph('Aurora connections', [db('DatabaseConnections', 'Maximum')]),
      graph('Redis CPU % and evictions', [cache('EngineCPUUtilization')], [cache('Evictions', 'Sum')]),
    );
    this.dashboard.addWidgets(
      graph('WAF blocked requests', [
        waf(props.regionalWebAclName, props.region),
        waf(props.cloudFrontWebAclName, 'global'),
      ]),
      graph('CloudFront cache hit ratio %', [
        new cw.Metric({
          namespace: 'AWS/CloudFront',
          metricName: 'CacheHitRate',
          dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
          region: 'us-east-1',
          statistic: 'Average',
          period: Duration.minutes(5),
        }),
      ]),
    );
  }
}
