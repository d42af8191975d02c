// Edge: the web app in a private bucket behind CloudFront (OAC), CloudFront in front of the ALB for the API,
// the CLOUDFRONT-scope WAF, and Route 53: the app name, plus the origin name that fails over to a static
// maintenance page when the ALB's /health check fails.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { WebAcl } from '../constructs/web-acl.js';
import { ORIGIN_VERIFY_HEADER } from '../constructs/origin-verify/index.js';
import { PRIVATE_BUCKET } from '../constructs/defaults.js';

export interface EdgeStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly certificate: acm.ICertificate;
  readonly hostedZone: route53.IHostedZone;
  readonly alb: elbv2.IApplicationLoadBalancer;
  /** {"value"}: sent to the ALB as the origin-verify header (the ALB forwards nothing without it). */
  readonly originVerifySecret: secretsmanager.ISecret;
  /** The feeding alarms of the failover check report here (the origin-health-check alarm is the critical one). */
  readonly warningTopic: sns.ITopic;
  /** core's target groups (blue and, in prod, green): the origin is healthy while one has a healthy target. */
  readonly coreTargetGroups: readonly elbv2.ApplicationTargetGroup[];
  readonly logsKey: kms.IKey;
  readonly logBucket: s3.IBucket;
  /** Documents download from it through presigned URLs, so the page may connect to it. */
  readonly uploadsBucket: s3.IBucket;
}

/** The fixed hosted zone of every CloudFront distribution (alias targets). */
const CLOUDFRONT_ZONE_ID = 'Z2FDTNDATAQYW2';

/** Paths CloudFront sends to the ALB; everything else is the web app. */
export const API_PATHS = ['/api/*', '/ws', '/predict', '/.well-known/*'] as const;

/** Rewrites client-side routes (no file extension) to /index.html so the SPA can route them. */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export class EdgeStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly maintenance: cloudfront.Distribution;
  readonly webBucket: s3.Bucket;
  readonly maintenanceBucket: s3.Bucket;
  readonly webAcl: WebAcl;
  readonly healthCheck: route53.HealthCheck;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;

    const key = new kms.Key(this, 'WebKey', {
      alias: `alias/${config.prefix}-web`,
      description: `${config.prefix}: web app and maintenance page buckets`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(7),
    });
    const bucket = (id: string, prefix: string) =>
      new s3.Bucket(this, id, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        ...PRIVATE_BUCKET,
        serverAccessLogsBucket: props.logBucket,
        serverAccessLogsPrefix: prefix,
        lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.webBucket = bucket('WebBucket', 'web/');
    this.maintenanceBucket = bucket('MaintenanceBucket', 'maintenance/');

    this.webAcl = new WebAcl(this, 'Waf', {
      name: `${config.prefix}-cloudfront`,
      scope: 'CLOUDFRONT',
      rateLimits: config.waf,
      logsKey: props.logsKey,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${config.prefix}-security-headers`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; " +
            `connect-src 'self' wss: https://${props.uploadsBucket.bucketRegionalDomainName}; ` +
            "media-src 'self' blob:; frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
          override: true,
        },
      },
    });
    const assetsCache = new cloudfront.CachePolicy(this, 'AssetsCache', {
      cachePolicyName: `${config.prefix}-assets-1y`,
      comment: 'Hashed build assets: immutable, cached one year',
      minTtl: Duration.days(365),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const common = {
      certificate: props.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      webAclId: this.webAcl.acl.attrArn,
      enableLogging: true,
      logBucket: props.logBucket,
      geoRestriction: cloudfront.GeoRestriction.allowlist(...config.edge.allowedCountries),
      publishAdditionalMetrics: true,
    };

    const webOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.webBucket);
    const apiOrigin = new origins.HttpOrigin(config.dns.originDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(60),
      // Resolved by CloudFormation at deploy from Secrets Manager; never in the template.
      customHeaders: {
        [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValueFromJson('value').unsafeUnwrap(),
      },
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      ...common,
      comment: `${config.prefix}: web app and API`,
      domainNames: [config.dns.appDomain],
      logFilePrefix: 'cloudfront/app/',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: webOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // index.html and client-side routes: never cached, so a deploy is live at once.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'SpaRewrite', {
              functionName: `${config.prefix}-spa-rewrite`,
              code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: webOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: assetsCache,
          compress: true,
          responseHeadersPolicy: headers,
        },
        ...Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
      },
    });

    // Answers on the origin name when the ALB is unhealthy: every path gets maintenance.html with a 503.
    this.maintenance = new cloudfront.Distribution(this, 'Maintenance', {
      ...common,
      comment: `${config.prefix}: maintenance page (Route 53 failover target)`,
      domainNames: [config.dns.originDomain],
      logFilePrefix: 'cloudfront/maintenance/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.maintenanceBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
      },
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 503,
        responsePagePath: '/maintenance.html',
        ttl: Duration.seconds(10),
      })),
    });

    this.healthCheck = this.createDns(config, props);

    // What the deploy guide's upload and invalidation commands need.
    new CfnOutput(this, 'AppUrl', { value: `https://${config.dns.appDomain}` });
    new CfnOutput(this, 'WebBucketName', { value: this.webBucket.bucketName });
    new CfnOutput(this, 'MaintenanceBucketName', { value: this.maintenanceBucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
  }

  private createDns(config: EnvConfig, props: EdgeStackProps): route53.HealthCheck {
    const zone = props.hostedZone;
    const app = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, 'AppA', { zone, recordName: config.dns.appDomain, target: app });
    new route53.AaaaRecord(this, 'AppAaaa', { zone, recordName: config.dns.appDomain, target: app });

    // The ALB answers CloudFront only, so Route 53's checkers cannot probe it; the check follows CloudWatch
    // instead: core (which serves /health) has a healthy target in its blue or its green group.
    const children = props.coreTargetGroups.map((group, i) => {
      const noHealthyTarget = new cw.Alarm(this, `CoreNoHealthyTarget${i}`, {
        alarmName: `${config.prefix}-core-no-healthy-target-${i === 0 ? 'blue' : 'green'}`,
        alarmDescription: 'core has no healthy target in this group (feeds the origin failover check)',
        metric: group.metrics.healthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        // An idle green group reports nothing: that counts as "no healthy target" there.
        treatMissingData: cw.TreatMissingData.BREACHING,
      });
      noHealthyTarget.addAlarmAction(new cwActions.SnsAction(props.warningTopic));
      const check = new route53.CfnHealthCheck(this, `CoreHealthy${i}`, {
        healthCheckConfig: {
          type: 'CLOUDWATCH_METRIC',
          alarmIdentifier: { name: noHealthyTarget.alarmName, region: this.region },
          insufficientDataHealthStatus: 'LastKnownStatus',
        },
      });
      return route53.HealthCheck.fromHealthCheckId(this, `CoreHealthyRef${i}`, check.attrHealthCheckId);
    });
    const healthCheck = new route53.HealthCheck(this, 'OriginHealth', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: children,
      healthThreshold: 1,
    });
    new route53.ARecord(this, 'OriginPrimary', {
      zone,
      recordName: config.dns.originDomain,
      target: route53.RecordTarget.fromAlias(
        new targets.LoadBalancerTarget(props.alb, { evaluateTargetHealth: true }),
      ),
      failover: route53.Failover.PRIMARY,
      setIdentifier: 'alb',
      healthCheck,
    });
    // L1 because Route 53 forbids EvaluateTargetHealth on CloudFront aliases, which the L2 demands for failover.
    new route53.CfnRecordSet(this, 'OriginSecondary', {
      hostedZoneId: zone.hostedZoneId,
      name: `${config.dns.originDomain}.`,
      type: 'A',
      failover: 'SECONDARY',
      setIdentifier: 'maintenance',
      aliasTarget: {
        dnsName: this.maintenance.distributionDomainName,
        hostedZoneId: CLOUDFRONT_ZONE_ID,
        evaluateTargetHealth: false,
      },
    });
    return healthCheck;
  }
}
