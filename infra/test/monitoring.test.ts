// Monitoring: alarm thresholds and durations, every alarm wired to the SNS topic, and the dashboard's contents.
import { describe, expect, it } from 'vitest';
import { synth } from './synth.js';

type Alarm = {
  Properties: {
    AlarmName: string;
    Threshold: number;
    EvaluationPeriods: number;
    ComparisonOperator: string;
    AlarmActions: unknown[];
    OKActions: unknown[];
    Period?: number;
    MetricName?: string;
  };
};

describe.each(['dev', 'prod'] as const)('%s monitoring', (env) => {
  const t = () => synth(env).template('monitoring');
  const alarms = () =>
    Object.fromEntries(
      (Object.values(t().findResources('AWS::CloudWatch::Alarm')) as Alarm[]).map((a) => [
        a.Properties.AlarmName.replace(`healthcare-app-${env}-`, ''),
        a.Properties,
      ]),
    );

  it('has the alarms the seeds ask for, with their thresholds and durations', () => {
    const a = alarms();
    const summary = (name: string) => {
      const p = a[name];
      return p && [p.Threshold, p.EvaluationPeriods, p.ComparisonOperator];
    };
    for (const s of ['patients', 'appointments', 'core']) {
      expect(summary(`${s}-cpu-critical`)).toEqual([90, 5, 'GreaterThanThreshold']);
      expect(summary(`${s}-cpu-warning`)).toEqual([70, 10, 'GreaterThanThreshold']);
      expect(summary(`${s}-memory-high`)).toEqual([80, 10, 'GreaterThanThreshold']);
      expect(summary(`${s}-unhealthy-hosts`)).toEqual([0, 2, 'GreaterThanThreshold']);
      expect(summary(`${s}-disk-high`)).toEqual([80, 5, 'GreaterThanThreshold']);
      expect(a[`${s}-cpu-critical`]?.Period).toBe(60);
    }
    expect(summary('alb-5xx')).toEqual([10, 1, 'GreaterThanThreshold']);
    expect(summary('alb-latency-p99')).toEqual([1, 5, 'GreaterThanThreshold']);
    expect(summary('db-connections-high')).toEqual([env === 'prod' ? 360 : 90, 5, 'GreaterThanThreshold']);
    expect(summary('db-local-storage-low')).toEqual([1024 ** 3, 5, 'LessThanThreshold']);
    expect(summary('cache-memory-high')).toEqual([80, 5, 'GreaterThanThreshold']);
    expect(summary('origin-health-check')).toEqual([1, 3, 'LessThanThreshold']);
    expect(Object.keys(a)).toHaveLength(22);
  });

  it("sends every alarm and its recovery to its tier's topic (critical: AlarmTopic, warning: WarningTopic)", () => {
    for (const [name, p] of Object.entries(alarms())) {
      const tier = /^\[critical\]/.test(String((p as { AlarmDescription?: string }).AlarmDescription))
        ? /AlarmTopic/
        : /WarningTopic/;
      expect(JSON.stringify(p.AlarmActions), name).toMatch(tier);
      expect(JSON.stringify(p.OKActions), name).toMatch(tier);
    }
  });

  it('puts services, ALB, Aurora, Redis, WAF and CloudFront on the dashboard', () => {
    const [dashboard] = Object.values(t().findResources('AWS::CloudWatch::Dashboard')) as {
      Properties: { DashboardBody: unknown };
    }[];
    const body = JSON.stringify(dashboard?.Properties.DashboardBody);
    for (const metric of [
      'CPUUtilization',
      'MemoryUtilization',
      'HealthyHostCount',
      'RequestCount',
      'TargetResponseTime',
      'HTTPCode_ELB_5XX_Count',
      'ServerlessDatabaseCapacity',
      'DatabaseConnections',
      'EngineCPUUtilization',
      'Evictions',
      'BlockedRequests',
      'CacheHitRate',
    ]) {
      expect(body).toContain(metric);
    }
  });
});
