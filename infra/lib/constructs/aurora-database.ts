// Aurora PostgreSQL Serverless v2: CMK-encrypted, TLS-only, IAM auth, RDS-managed rotating master secret,
// a writer and (prod) a reader in the other AZ that takes over on failover.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { encryptedLogGroup } from './encrypted-log-group.js';

export interface AuroraDatabaseProps {
  readonly clusterIdentifier: string;
  readonly databaseName: string;
  readonly port: number;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly availabilityZones: readonly [string, string];
  readonly key: kms.IKey;
  readonly logsKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** 0 lets the writer pause (Aurora PostgreSQL 15.7+/16.3+) after `autoPauseSeconds` without connections. */
  readonly minAcu: number;
  readonly autoPauseSeconds?: number;
  readonly maxAcu: number;
  readonly reader: boolean;
  readonly maxConnections: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class AuroraDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;
  /** The RDS-managed master secret ({"username","password"}), rotated by RDS. */
  readonly secret: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.VER_16_11,
    });
    // Created up front so it is encrypted and has a retention; RDS then writes into it.
    const logGroup = encryptedLogGroup(this, 'PostgresLogs', {
      logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/postgresql`,
      key: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const instanceParameters = { max_connections: String(props.maxConnections) };
    const [azWriter, azReader] = props.availabilityZones;

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine,
      clusterIdentifier: props.clusterIdentifier,
      defaultDatabaseName: props.databaseName,
      port: props.port,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [props.securityGroup],
      manageMasterUserPassword: true,
      credentials: rds.Credentials.fromUsername('medicare_admin'),
      storageEncrypted: true,
      storageEncryptionKey: props.key,
      iamAuthentication: true,
      // The database-roles function runs its SQL through the Data API (no driver, no network path to 5433).
      enableDataApi: true,
      parameters: {
        'rds.force_ssl': '1',
        log_connections: '1',
        log_disconnections: '1',
        log_min_duration_statement: '1000',
      },
      serverlessV2MinCapacity: props.minAcu,
      ...(props.autoPauseSeconds !== undefined
        ? { serverlessV2AutoPauseDuration: Duration.seconds(props.autoPauseSeconds) }
        : {}),
      serverlessV2MaxCapacity: props.maxAcu,
      writer: rds.ClusterInstance.serverlessV2('Writer', {
        availabilityZone: azWriter,
        parameters: instanceParameters,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: props.key,
        autoMinorVersionUpgrade: true,
      }),
      readers: props.reader
        ? [
            rds.ClusterInstance.serverlessV2('Reader', {
              availabilityZone: azReader,
              scaleWithWriter: true,
              parameters: instanceParameters,
              enablePerformanceInsights: true,
              performanceInsightEncryptionKey: props.key,
              autoMinorVersionUpgrade: true,
            }),
          ]
        : [],
      cloudwatchLogsExports: ['postgresql'],
      monitoringInterval: Duration.seconds(60),
      backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: '03:00-04:00' },
      preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
      deletionProtection: props.deletionProtection,
      copyTagsToSnapshot: true,
      removalPolicy: props.removalPolicy,
    });
    this.cluster.node.addDependency(logGroup);

    const cfn = this.cluster.node.defaultChild as rds.CfnDBCluster;
    cfn.masterUserSecret = { kmsKeyId: props.key.keyArn };
    this.secret = secretsmanager.Secret.fromSecretCompleteArn(
      this,
      'MasterSecret',
      cfn.attrMasterUserSecretSecretArn,
    );
  }
}
