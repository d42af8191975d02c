// A WAFv2 web ACL (CLOUDFRONT or REGIONAL scope): AWS managed core, known-bad-inputs and SQLi rule groups in
// block mode, per-client rate rules where the client address is real (CloudFront), and logging to an
// encrypted CloudWatch log group with every header that can carry a credential redacted.
import { ArnFormat, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './encrypted-log-group.js';

export interface WebAclProps {
  readonly name: string;
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /**
   * Per-client rate rules. Only where the source address is the client's: at CloudFront. Behind CloudFront
   * (the ALB) the source is an edge node shared by everyone near it, so a limit there throttles CloudFront.
   */
  readonly rateLimits?: {
    /** Requests per 5 minutes per client address, hashed static assets excepted. */
    readonly perClientPer5Min: number;
    /** Requests per 5 minutes per client address to sign-in and /predict. */
    readonly sensitivePer5Min: number;
  };
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

/** Request headers that can carry a credential: never written to the WAF log (kept up to a year). */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'sec-websocket-protocol'] as const;

/** Paths whose every request is worth a guess: sign-in (passwords) and /predict (the model). */
export const SENSITIVE_PATHS = [
  { path: '/api/auth/login', match: 'STARTS_WITH' },
  { path: '/predict', match: 'STARTS_WITH' },
] as const;

const uriMatch = (searchString: string, positionalConstraint: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint,
    searchString,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

export class WebAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const managed: wafv2.CfnWebACL.RuleProperty[] = MANAGED_GROUPS.map((group, i) => ({
      name: group,
      priority: i + 10,
      // "none" = let the group's own BLOCK actions stand: block mode.
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
      visibilityConfig: visibility(group),
    }));
    const limits = props.rateLimits;
    const rate: wafv2.CfnWebACL.RuleProperty[] = limits
      ? [
          {
            name: 'RateLimitSensitivePerClient',
            priority: 0,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: limits.sensitivePer5Min,
                evaluationWindowSec: 300,
                aggregateKeyType: 'IP',
                scopeDownStatement: {
                  orStatement: { statements: SENSITIVE_PATHS.map((p) => uriMatch(p.path, p.match)) },
                },
              },
            },
            visibilityConfig: visibility('RateLimitSensitivePerClient'),
          },
          {
            name: 'RateLimitPerClient',
            priority: 1,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: limits.perClientPer5Min,
                evaluationWindowSec: 300,
                aggregateKeyType: 'IP',
                // Hashed static assets are cached at the edge and arrive in bursts; they do not count.
                scopeDownStatement: { notStatement: { statement: uriMatch('/assets/', 'STARTS_WITH') } },
              },
            },
            visibilityConfig: visibility('RateLimitPerClient'),
          },
        ]
      : [];

    this.acl = new wafv2.CfnWebACL(this, 'Acl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      rules: [...rate, ...managed],
      visibilityConfig: visibility(props.name),
    });

    // WAF only delivers to log groups whose name starts with aws-waf-logs-.
    const logGroup = encryptedLogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${props.name}`,
      key: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.acl.attrArn,
      // The log group ARN without the trailing ":*" that GetAtt returns, which WAF rejects.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((Name) => ({ singleHeader: { Name } })),
    });
  }
}
