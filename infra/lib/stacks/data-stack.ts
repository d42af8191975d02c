// Data: the data KMS key, Aurora, Redis, the uploads bucket, the app's secrets and the AWS Backup plan.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { AuroraDatabase } from '../constructs/aurora-database.js';
import { DatabaseRoles } from '../constructs/database-roles/index.js';
import { RedisCache } from '../constructs/redis-cache.js';
import { SigningKey } from '../constructs/signing-key/index.js';
import { UploadsBucket } from '../constructs/uploads-bucket.js';
import { uniquePerCreation } from '../names.js';
import { CACHE_PORT, DB_PORT } from '../ports.js';
import { SUBNETS } from './network-stack.js';

export interface DataStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly vpc: ec2.IVpc;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly cacheSecurityGroup: ec2.ISecurityGroup;
  readonly logsKey: kms.IKey;
  readonly logBucket: s3.IBucket;
  readonly functionSecurityGroup: ec2.ISecurityGroup;
  /** Failed deploy-time functions report here. */
  readonly alarmTopic: sns.ITopic;
}

export const DATABASE_NAME = 'medicare';

export class DataStack extends Stack {
  readonly dataKey: kms.Key;
  readonly database: AuroraDatabase;
  readonly cache: RedisCache;
  readonly uploads: s3.Bucket;
  readonly uploadsReadWritePolicy: iam.IManagedPolicy;
  /** {"username": <admin email>, "password": ...}: bootstraps the first admin (core service only). */
  readonly adminSecret: secretsmanager.Secret;
  /** CURSOR_SECRET: seals paging cursors; every replica of every service reads the same value. */
  readonly cursorSecret: secretsmanager.Secret;
  /** One PostgreSQL login per service, {"username","password"}: PGUSER / PGPASSWORD of that service only. */
  readonly databaseRoles: DatabaseRoles;
  /** {"privateKey": <Ed25519 JWK>, "publicKeys": <JWKS>}: AUTH_PRIVATE_KEY (core) and AUTH_PUBLIC_KEYS (all). */
  readonly signingKey: SigningKey;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${config.prefix}-data`,
      description: `${config.prefix}: Aurora, Redis, uploads, secrets, backups (PHI)`,
      enableKeyRotation: true,
      // prod keeps the key (and so the data it protects) readable forever; dev schedules it for deletion.
      removalPolicy: config.removalPolicy,
      pendingWindow: Duration.days(config.envName === 'prod' ? 30 : 7),
    });

    this.database = new AuroraDatabase(this, 'Database', {
      clusterIdentifier: `${config.prefix}-db`,
      databaseName: DATABASE_NAME,
      port: DB_PORT,
      vpc: props.vpc,
      subnets: { subnetGroupName: SUBNETS.data },
      securityGroup: props.databaseSecurityGroup,
      availabilityZones: config.availabilityZones,
      key: this.dataKey,
      logsKey: props.logsKey,
      logRetention: config.logRetention,
      minAcu: config.database.minAcu,
      maxAcu: config.database.maxAcu,
      reader: config.database.reader,
      maxConnections: config.database.maxConnections,
      backupRetentionDays: config.database.backupRetentionDays,
      deletionProtection: config.database.deletionProtection,
      removalPolicy: config.envName === 'prod' ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      logRemovalPolicy: config.removalPolicy,
    });

    this.cache = new RedisCache(this, 'Cache', {
      prefix: config.prefix,
      nodeType: config.cache.nodeType,
      port: CACHE_PORT,
      subnetIds: props.vpc.selectSubnets({ subnetGroupName: SUBNETS.data }).subnetIds,
      securityGroup: props.cacheSecurityGroup,
      availabilityZones: config.availabilityZones,
      key: this.dataKey,
      logsKey: props.logsKey,
      logRetention: config.logRetention,
      snapshotRetentionDays: config.cache.snapshotRetentionDays,
      removalPolicy: config.removalPolicy,
    });

    const uploads = new UploadsBucket(this, 'Uploads', {
      key: this.dataKey,
      logBucket: props.logBucket,
      webOrigin: `https://${config.dns.appDomain}`,
    });
    this.uploads = uploads.bucket;
    this.uploadsReadWritePolicy = uploads.readWritePolicy;

    this.adminSecret = new secretsmanager.Secret(this, 'AdminSecret', {
      description: `${config.prefix}: first admin account (ADMIN_EMAIL / ADMIN_PASSWORD)`,
      encryptionKey: this.dataKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: config.adminEmail }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludeCharacters: '"\\/@\'`',
      },
      removalPolicy: config.removalPolicy,
    });

    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: `${config.prefix}: seals the API's paging cursors (CURSOR_SECRET), the same for every task`,
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });

    // The deploy-time functions (signing key, database roles): in the app subnets, failures to the alarm topic.
    const functions = {
      network: {
        vpc: props.vpc,
        subnets: { subnetGroupName: SUBNETS.app },
        securityGroup: props.functionSecurityGroup,
      },
      deadLetterTopic: props.alarmTopic,
      deadLetterTopicKeyArn: props.logsKey.keyArn,
      logsKey: props.logsKey,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    };
    this.signingKey = new SigningKey(this, 'SigningKey', {
      prefix: config.prefix,
      dataKey: this.dataKey,
      ...functions,
    });

    this.databaseRoles = new DatabaseRoles(this, 'DatabaseRoles', {
      prefix: config.prefix,
      services: ['core', 'patients', 'appointments'],
      migrator: 'core',
      cluster: this.database.cluster,
      masterSecret: this.database.secret,
      databaseName: DATABASE_NAME,
      dataKey: this.dataKey,
      ...functions,
      rotateEvery: Duration.days(30),
    });

    this.createBackupPlan(config);

    new CfnOutput(this, 'UploadsBucketName', { value: this.uploads.bucketName });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.secret.secretArn });
    new CfnOutput(this, 'SigningKeySecretArn', { value: this.signingKey.secret.secretArn });
  }

  /** AWS Backup on top of Aurora's own point-in-time backups: daily, plus monthly copies kept a year in prod. */
  private createBackupPlan(config: EnvConfig): void {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      // Retained, so the name must differ per stack creation: the stack id's UUID makes it so. A fixed name
      // (CDK's default is one) collides with the vault the last `npm run destroy` left behind.
      backupVaultName: uniquePerCreation(this, `${config.prefix}-backup`),
      encryptionKey: this.dataKey,
      // Recovery points outlive the stack; a vault that still holds them cannot be deleted anyway.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const rules = [
      new backup.BackupPlanRule({
        ruleName: 'daily',
        scheduleExpression: events.Schedule.cron({ hour: '5', minute: '0' }),
        deleteAfter: Duration.days(config.database.backupRetentionDays),
      }),
    ];
    if (config.envName === 'prod') {
      rules.push(
        new backup.BackupPlanRule({
          ruleName: 'monthly',
          scheduleExpression: events.Schedule.cron({ day: '1', hour: '5', minute: '0' }),
          moveToColdStorageAfter: Duration.days(30),
          deleteAfter: Duration.days(365),
        }),
      );
    }
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `${config.prefix}-backup`,
      backupVault: vault,
      backupPlanRules: rules,
    });
    plan.addSelection('Database', {
      resources: [backup.BackupResource.fromRdsDatabaseCluster(this.database.cluster)],
    });
  }
}
