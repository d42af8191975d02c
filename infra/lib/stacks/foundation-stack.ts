// Foundation: what every other stack leans on — the logs KMS key, the access-log bucket, the TLS
// certificate, the alarm topic and the CloudTrail trail.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { encryptedLogGroup } from '../constructs/encrypted-log-group.js';
import { LogBucket } from '../constructs/log-bucket.js';

export interface FoundationStackProps extends StackProps {
  readonly config: EnvConfig;
}

export class FoundationStack extends Stack {
  /** Encrypts log groups, the alarm topic and the trail. */
  readonly logsKey: kms.Key;
  readonly logBucket: s3.Bucket;
  readonly certificate: acm.Certificate;
  readonly hostedZone: route53.IHostedZone;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: FoundationStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.logsKey = new kms.Key(this, 'LogsKey', {
      alias: `alias/${config.prefix}-logs`,
      description: `${config.prefix}: CloudWatch Logs, alarm topic and CloudTrail`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsLogGroupsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${this.region}:${this.account}:*` },
        },
      }),
    );
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
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

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${config.prefix}-alarms`,
      masterKey: this.logsKey,
      enforceSSL: true,
    });
    if (config.alarmEmail) {
      this.alarmTopic.addSubscription(new subs.EmailSubscription(config.alarmEmail));
    }

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
