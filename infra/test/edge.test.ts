// Edge and foundation: CloudFront (OAC, caching, headers, API paths), both WAF ACLs, Route 53 failover,
// CloudTrail and the alarm topic (S0.6, S3.1, S3.7, S3.8, S3.9).
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './synth.js';

type Res = { Properties: Record<string, unknown> };

describe.each(['dev', 'prod'] as const)('%s edge', (env) => {
  const t = () => synth(env).template('edge');
  const dns = () => synth(env).config.dns;

  it('serves the web app from a private bucket through origin access control', () => {
    t().resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
    t().hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [dns().appDomain],
        DefaultRootObject: 'index.html',
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
        WebACLId: Match.anyValue(),
        Logging: Match.objectLike({ Prefix: 'cloudfront/app/' }),
      }),
    });
    for (const bucket of Object.values(t().findResources('AWS::S3::Bucket')) as Res[]) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('caches /assets/* for a year and never caches index.html or the API', () => {
    t().hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MinTTL: 31536000, DefaultTTL: 31536000, MaxTTL: 31536000 }),
    });
    const [dist] = (Object.values(t().findResources('AWS::CloudFront::Distribution')) as Res[]).filter((d) =>
      JSON.stringify(d).includes(dns().appDomain),
    );
    const config = dist?.Properties.DistributionConfig as {
      DefaultCacheBehavior: { CachePolicyId: string };
      CacheBehaviors: {
        PathPattern: string;
        CachePolicyId: unknown;
        AllowedMethods: string[];
        TargetOriginId: string;
      }[];
    };
    const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe(cachingDisabled);
    const paths = config.CacheBehaviors.map((b) => b.PathPattern);
    expect(paths).toEqual(['/assets/*', '/api/*', '/ws', '/predict', '/.well-known/*']);
    for (const b of config.CacheBehaviors.slice(1)) {
      expect(b.CachePolicyId).toBe(cachingDisabled);
      expect(b.AllowedMethods).toContain('POST');
    }
    expect(new Set(config.CacheBehaviors.slice(1).map((b) => b.TargetOriginId)).size).toBe(1);
  });

  it('sends security headers', () => {
    t().hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({
            AccessControlMaxAgeSec: 63072000,
            IncludeSubdomains: true,
          }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
    // The page may be framed by nobody, may frame only its own blob: previews (PDFs), and may fetch
    // documents from the uploads bucket's presigned URLs.
    const policies = Object.values(t().findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const csp = JSON.stringify(
      policies.map(
        (p) =>
          (
            p as {
              Properties: {
                ResponseHeadersPolicyConfig: { SecurityHeadersConfig?: { ContentSecurityPolicy?: unknown } };
              };
            }
          ).Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig?.ContentSecurityPolicy,
      ),
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("frame-src 'self' blob:");
    expect(csp).toMatch(/connect-src 'self' wss: https:\/\/.*Uploads/);
  });

  it('blocks with AWS managed core, known-bad-inputs and SQLi groups and per-client rate rules, logged', () => {
    t().hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Name: 'RateLimitSensitivePerClient',
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: 100,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
            }),
          },
        }),
        Match.objectLike({
          Name: 'RateLimitPerClient',
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: 3000,
              EvaluationWindowSec: 300,
              AggregateKeyType: 'IP',
            }),
          },
        }),
        ...[
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesSQLiRuleSet',
        ].map((name) =>
          Match.objectLike({
            Name: name,
            OverrideAction: { None: {} },
            Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
          }),
        ),
      ],
    });
    t().hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: ['authorization', 'cookie', 'sec-websocket-protocol'].map((Name) => ({
        SingleHeader: { Name },
      })),
    });
    // The regional ACL on the ALB is the same construct with the managed groups only (no rate rule there).
    synth(env)
      .template('services')
      .hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        Rules: Match.arrayWith([
          Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet', OverrideAction: { None: {} } }),
        ]),
      });
  });

  it("follows core's healthy targets and fails the origin name over to the maintenance page", () => {
    t().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({ Type: 'CALCULATED', HealthThreshold: 1 }),
    });
    t().hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: Match.objectLike({
        Type: 'CLOUDWATCH_METRIC',
        AlarmIdentifier: Match.objectLike({ Region: 'us-east-1' }),
      }),
    });
    t().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: `${dns().originDomain}.`,
      Failover: 'PRIMARY',
      HealthCheckId: Match.anyValue(),
      AliasTarget: Match.objectLike({ EvaluateTargetHealth: true }),
    });
    t().hasResourceProperties('AWS::Route53::RecordSet', {
      Name: `${dns().originDomain}.`,
      Failover: 'SECONDARY',
      AliasTarget: Match.objectLike({ HostedZoneId: 'Z2FDTNDATAQYW2' }),
    });
    t().hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [dns().originDomain],
        CustomErrorResponses: Match.arrayWith([
          Match.objectLike({ ErrorCode: 404, ResponseCode: 503, ResponsePagePath: '/maintenance.html' }),
        ]),
      }),
    });
    t().hasResourceProperties('AWS::Route53::RecordSet', { Name: `${dns().appDomain}.`, Type: 'A' });
  });
});

describe.each(['dev', 'prod'] as const)('%s foundation', (env) => {
  const t = () => synth(env).template('foundation');

  it('records API calls with an encrypted, validated, multi-region CloudTrail', () => {
    t().hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
      CloudWatchLogsLogGroupArn: Match.anyValue(),
    });
  });

  it('encrypts the alarm topic and refuses plain HTTP publishing', () => {
    t().hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t().hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('issues one DNS-validated certificate for the app and origin names', () => {
    const { dns } = synth(env).config;
    t().hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: dns.appDomain,
      SubjectAlternativeNames: [dns.originDomain],
      ValidationMethod: 'DNS',
    });
  });

  it('encrypts every bucket of every stack and denies non-TLS access to each', () => {
    const { stacks } = synth(env);
    let buckets = 0;
    for (const key of Object.keys(stacks) as (keyof typeof stacks)[]) {
      const template = synth(env).template(key);
      const policies = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
      for (const [id, bucket] of Object.entries(template.findResources('AWS::S3::Bucket')) as [
        string,
        Res,
      ][]) {
        expect(bucket.Properties.BucketEncryption, id).toBeDefined();
        expect(policies, id).toContain(`"${id}"`);
        buckets += 1;
      }
      expect(policies.match(/aws:SecureTransport/g)?.length ?? 0).toBe(
        Object.keys(template.findResources('AWS::S3::Bucket')).length,
      );
    }
    expect(buckets).toBe(5);
  });

  it(`keeps logs ${env === 'prod' ? 'a year' : 'a week'} in every log group of every stack, all KMS-encrypted`, () => {
    const { app } = synth(env);
    const days = env === 'prod' ? 365 : 7;
    let count = 0;
    for (const stack of app.node.children) {
      const template = synth(env).template(
        (['foundation', 'network', 'data', 'registry', 'services', 'edge', 'monitoring'] as const).find((k) =>
          stack.node.id.toLowerCase().endsWith(k),
        ) ?? 'foundation',
      );
      for (const group of Object.values(template.findResources('AWS::Logs::LogGroup')) as Res[]) {
        expect(group.Properties.RetentionInDays).toBe(days);
        expect(group.Properties.KmsKeyId).toBeDefined();
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(9);
  });
});
