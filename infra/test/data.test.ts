// Data stack: Aurora Serverless v2, Redis, the uploads bucket and backups — encryption on every store,
// deletion protection in prod (S0.7, S3.4, S3.5, S3.6).
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synth } from './synth.js';

const dataKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DataKey'), 'Arn'] };

describe.each(['dev', 'prod'] as const)('%s data', (env) => {
  const t = () => synth(env).template('data');
  const prod = env === 'prod';

  it('runs Aurora PostgreSQL Serverless v2, encrypted with the data key, IAM auth, RDS-managed rotating secret', () => {
    t().hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      StorageEncrypted: true,
      KmsKeyId: dataKey,
      EnableIAMDatabaseAuthentication: true,
      ManageMasterUserPassword: true,
      MasterUserSecret: { KmsKeyId: dataKey },
      Port: 5433,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: prod ? 4 : 1 },
      DeletionProtection: prod,
      BackupRetentionPeriod: prod ? 35 : 7,
    });
  });

  it('requires TLS to the database', () => {
    t().hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it(prod ? 'has a writer and a reader in the other AZ' : 'has a single writer', () => {
    const instances = Object.values(t().findResources('AWS::RDS::DBInstance')).map(
      (r) => (r as { Properties: { AvailabilityZone: string; DBInstanceClass: string } }).Properties,
    );
    expect(instances.map((i) => i.AvailabilityZone)).toEqual(
      prod ? ['us-east-1a', 'us-east-1b'] : ['us-east-1a'],
    );
    for (const i of instances) expect(i.DBInstanceClass).toBe('db.serverless');
  });

  it(`${prod ? 'keeps a snapshot of' : 'deletes'} the cluster when the stack goes`, () => {
    t().hasResource('AWS::RDS::DBCluster', { DeletionPolicy: prod ? 'Snapshot' : 'Delete' });
  });

  it('runs Redis multi-AZ with failover, TLS, AUTH, CMK at rest and 15 days of snapshots', () => {
    t().hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'redis',
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: dataKey,
      SnapshotRetentionLimit: 15,
      Port: 6380,
    });
    const [group] = Object.values(t().findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(JSON.stringify(group)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:token::\}\}/);
  });

  it('keeps uploads in a KMS-encrypted, versioned, private, logged bucket with tmp/ expiry and CORS', () => {
    t().hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKey },
          }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'uploads/' }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'tmp/', ExpirationInDays: 90, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ]),
      },
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: [`https://${synth(env).config.dns.appDomain}`] })],
      },
    });
    t().hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('denies non-TLS access to the uploads bucket', () => {
    t().hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('encrypts every secret with the data key', () => {
    const secrets = Object.values(t().findResources('AWS::SecretsManager::Secret'));
    // Redis AUTH, admin bootstrap, token signing key, the cursor key, and one database login per service.
    expect(secrets).toHaveLength(7);
    for (const s of secrets) {
      expect((s as { Properties: { KmsKeyId: unknown } }).Properties.KmsKeyId).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'],
      });
    }
  });

  it('backs the cluster up with AWS Backup into a CMK-encrypted vault', () => {
    t().hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: dataKey });
    t().hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: Match.arrayWith([
          Match.objectLike({ RuleName: 'daily', Lifecycle: { DeleteAfterDays: prod ? 35 : 7 } }),
        ]),
      },
    });
    t().hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        Resources: [
          {
            'Fn::Join': [
              '',
              [Match.stringLikeRegexp(':cluster:$'), { Ref: Match.stringLikeRegexp('^DatabaseCluster') }],
            ],
          },
        ],
      }),
    });
  });

  it('rotates the data key yearly', () => {
    t().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});
