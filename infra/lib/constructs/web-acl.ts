// A WAFv2 web ACL (CLOUDFRONT or REGIONAL scope): AWS managed core, known-bad-inputs and SQLi rule groups in
// block mode, a per-IP rate rule, and logging to an encrypted CloudWatch log group with credentials redacted.
import { ArnFormat, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './encrypted-log-group.js';

export interface WebAclProps {
  readonly name: string;
  readonly scope: 'CLOUDFRONT' | 'REGIONAL';
  /** Requests per 5 minutes per client IP before blocking. */
  readonly rateLimitPer5Min: number;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const MANAGED_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
] as const;

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
      priority: i + 1,
      // "none" = let the group's own BLOCK actions stand: block mode.
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: group } },
      visibilityConfig: visibility(group),
    }));
    const rate: wafv2.CfnWebACL.RuleProperty = {
      name: 'RateLimitPerIp',
      priority: 0,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: props.rateLimitPer5Min,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          // Hashed static assets are cached at the edge and arrive in bursts; they do not count.
          scopeDownStatement: {
            notStatement: {
              statement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/assets/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
        },
      },
      visibilityConfig: visibility('RateLimitPerIp'),
    };

    this.acl = new wafv2.CfnWebACL(this, 'Acl', {
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      rules: [rate, ...managed],
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
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
  }
}
