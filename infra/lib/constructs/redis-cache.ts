// ElastiCache for Redis: two nodes in two AZs with automatic failover, TLS required, AUTH token from
// Secrets Manager, CMK at rest, 15 days of snapshots, slow log to CloudWatch.
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './encrypted-log-group.js';

export interface RedisCacheProps {
  readonly prefix: string;
  readonly nodeType: string;
  readonly port: number;
  readonly subnetIds: string[];
  readonly securityGroup: ec2.ISecurityGroup;
  readonly availabilityZones: readonly [string, string];
  readonly key: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly snapshotRetentionDays: number;
  readonly removalPolicy: RemovalPolicy;
}

export class RedisCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** {"token": "..."}: the Redis AUTH token, injected into the tasks as REDIS_AUTH_TOKEN. */
  readonly authSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: `${props.prefix}: Redis AUTH token`,
      encryptionKey: props.key,
      // ElastiCache AUTH tokens: 16-128 printable characters, none of @ " /.
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'token',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: props.removalPolicy,
    });
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: `${props.prefix}: isolated data subnets`,
      cacheSubnetGroupName: `${props.prefix}-cache`,
      subnetIds: props.subnetIds,
    });
    const slowLog = encryptedLogGroup(this, 'SlowLog', {
      logGroupName: `/${props.prefix}/redis/slow-log`,
      key: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: `${props.prefix}-cache`,
      replicationGroupDescription: `${props.prefix}: sessions, rate-limit counters, cache`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: props.nodeType,
      numCacheClusters: 2,
      preferredCacheClusterAZs: [...props.availabilityZones],
      multiAzEnabled: true,
      automaticFailoverEnabled: true,
      port: props.port,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [props.securityGroup.securityGroupId],
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: this.authSecret.secretValueFromJson('token').unsafeUnwrap(),
      atRestEncryptionEnabled: true,
      kmsKeyId: props.key.keyArn,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:05:30-sun:06:30',
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });
    this.replicationGroup.node.addDependency(slowLog);
    // A cache holds nothing worth keeping, and a kept group would block the next create (its id is fixed):
    // a final snapshot where the data would otherwise be kept, then the group goes.
    this.replicationGroup.applyRemovalPolicy(
      props.removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.SNAPSHOT : props.removalPolicy,
    );
  }
}
