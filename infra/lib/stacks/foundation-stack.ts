// Foundation: what every other stack leans on — the logs KMS key, the access-log bucket, the TLS
// certificate, the two alarm topics (critical and warning, S3.11) and the CloudTrail trail.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { encryptedLogGroup } from '../constructs/encrypted-log-group.js';
import { LogBucket } from '../constructs/log-bucket.js';
import { OriginVerify } from '../constructs/origin-verify/index.js';
import { logsMayEncrypt } from '../constructs/defaults.js';

export interface FoundationStackProps extends StackProps {
  readonly config: EnvConfig;
}

export class FoundationStack extends Stack {
  /** Encrypts log groups, the alarm topics and the trail (its log files and its bucket). */
  readonly logsKey: kms.Key;
  readonly logBucket: s3.Bucket;
  readonly certificate: acm.Certificate;
  readonly hostedZone: route53.IHostedZone;
  /** Critical alarms (S3.11): someone acts now. Deployment alarms and failed deploy-time functions too. */
  readonly alarmTopic: sns.Topic;
  /** Warning alarms (S3.11): look at it today. */
  readonly warningTopic: sns.Topic;
  /** The origin-verify header's value (CloudFront sends it, the ALB requires it), rotated monthly. */
  readonly originVerifySecret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.logsKey = new kms.Key(this, 'LogsKey', {
      alias: `alias/${config.prefix}-logs`,
      description: `${config.prefix}: CloudWatch Logs, alarm topic and CloudTrail`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logsKey.addToResourcePolicy(logsMayEncrypt(this));
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    // CloudTrail encrypts the trail's log files with this key (and so writes them into the trail bucket);
    // without this statement CreateTrail fails with InsufficientEncryptionPolicyException.
    const trailArn = `arn:${this.partition}:cloudtrail:${this.region}:${this.account}:trail/${config.prefix}-trail`;
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsLogFilesOfThisTrail',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceArn': trailArn },
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${this.partition}:cloudtrail:*:${this.account}:trail/*`,
          },
        },
      }),
    );
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailDescribesTheKey',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': trailArn } },
      }),
    );

    this.logBucket = new LogBucket(this, 'AccessLogs', {
      expireAfterDays: config.envName === 'prod' ? 400 : 30,
    }).bucket;

    this.hostedZone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: config.dns.hostedZoneId,
      zoneName: config.dns.zoneName,
    });
    // us-east-1, so the same certificate serves CloudFront and the ALB.
    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: config.dns.appDomain,
      subjectAlternativeNames: [config.dns.originDomain],
      validation: acm.CertificateValidation.fromDns(this.hostedZone),
    });

    const topic = (id: string, name: string) => {
      const t = new sns.Topic(this, id, {
        topicName: `${config.prefix}-${name}`,
        displayName: `MediCare Hub ${config.envName}: ${name}`,
        masterKey: this.logsKey,
        enforceSSL: true,
      });
      // prod cannot be synthesized without an address (config validateConfig); dev subscribes when given one.
      if (config.alarmEmail) t.addSubscription(new subs.EmailSubscription(config.alarmEmail));
      return t;
    };
    this.alarmTopic = topic('AlarmTopic', 'alarms-critical');
    this.warningTopic = topic('WarningTopic', 'alarms-warning');

    this.originVerifySecret = new OriginVerify(this, 'OriginVerify', {
      prefix: config.prefix,
      albName: `${config.prefix}-alb`,
      key: this.logsKey,
      deadLetterTopic: this.alarmTopic,
      rotateEvery: Duration.days(30),
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    }).secret;

    this.createTrail(config);
  }

  private createTrail(config: EnvConfig): void {
    const trailBucket = new s3.Bucket(this, 'TrailBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.logsKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'trail-bucket/',
      lifecycleRules: [{ expiration: Duration.days(config.envName === 'prod' ? 2555 : 90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const trailLogs = encryptedLogGroup(this, 'TrailLogs', {
      logGroupName: `/${config.prefix}/cloudtrail`,
      key: this.logsKey,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    new cloudtrail.Trail(this, 'Trail', {
      trailName: `${config.prefix}-trail`,
      bucket: trailBucket,
      encryptionKey: this.logsKey,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: trailLogs,
    });
  }
}
