// Network: the VPC over two AZs (public / app / data subnets), NAT or endpoints for egress, flow logs,
// and the four security groups whose rules say who may talk to whom.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { EnvConfig } from '../../config/index.js';
import { encryptedLogGroup } from '../constructs/encrypted-log-group.js';
import { APP_PORT, CACHE_PORT, DB_PORT } from '../ports.js';

export interface NetworkStackProps extends StackProps {
  readonly config: EnvConfig;
  readonly logsKey: kms.IKey;
}

/**
 * CloudFront's origin-facing managed prefix list (com.amazonaws.global.cloudfront.origin-facing) per region.
 * A fixed id so synthesis needs no AWS lookup; config/index.ts refuses other regions. Check with
 * `aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`.
 * It counts as its max entries (55) against the security group's rule quota (60): one rule, not two.
 */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST: Readonly<Record<'us-east-1', string>> = {
  'us-east-1': 'pl-3b927c52',
};

/** Subnet group names; stacks select subnets by these. */
export const SUBNETS = { public: 'public', app: 'app', data: 'data' } as const;

export class NetworkStack extends Stack {
  private readonly azs: readonly string[];
  readonly vpc: ec2.Vpc;
  readonly albSecurityGroup: ec2.SecurityGroup;
  readonly serviceSecurityGroup: ec2.SecurityGroup;
  readonly databaseSecurityGroup: ec2.SecurityGroup;
  readonly cacheSecurityGroup: ec2.SecurityGroup;
  /** Deploy-time functions (the signing-key generator): HTTPS out, nothing in. */
  readonly functionSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { natGateways } = config.network;
    this.azs = config.availabilityZones;

    const flowLogs = encryptedLogGroup(this, 'FlowLogs', {
      logGroupName: `/${config.prefix}/vpc-flow-logs`,
      key: props.logsKey,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: `${config.prefix}-vpc`,
      ipAddresses: ec2.IpAddresses.cidr(config.network.cidr),
      availabilityZones: [...config.availabilityZones],
      natGateways,
      subnetConfiguration: [
        // The ALB and the NAT gateways; nothing here gets a public IP unless it asks for an EIP.
        { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        // Fargate tasks: out through NAT, or through endpoints only when there is no NAT.
        {
          name: SUBNETS.app,
          subnetType: natGateways > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
        // Aurora and ElastiCache: no route out at all.
        { name: SUBNETS.data, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      restrictDefaultSecurityGroup: true,
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    this.albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSg', {
      vpc: this.vpc,
      description: 'ALB: HTTPS from CloudFront origin-facing addresses only, out to the services only',
      allowAllOutbound: false,
    });
    this.albSecurityGroup.addIngressRule(
      ec2.Peer.prefixList(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST[config.region]),
      ec2.Port.tcp(443),
      'HTTPS from CloudFront origin-facing servers only',
    );

    this.serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSg', {
      vpc: this.vpc,
      description: 'Fargate services: the app port from the ALB only',
      allowAllOutbound: true,
    });
    this.serviceSecurityGroup.addIngressRule(this.albSecurityGroup, ec2.Port.tcp(APP_PORT), 'From the ALB');
    this.albSecurityGroup.addEgressRule(this.serviceSecurityGroup, ec2.Port.tcp(APP_PORT), 'To the services');

    this.databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSg', {
      vpc: this.vpc,
      description: 'Aurora: PostgreSQL from the services only',
      allowAllOutbound: false,
    });
    this.databaseSecurityGroup.addIngressRule(
      this.serviceSecurityGroup,
      ec2.Port.tcp(DB_PORT),
      'From services',
    );

    this.cacheSecurityGroup = new ec2.SecurityGroup(this, 'CacheSg', {
      vpc: this.vpc,
      description: 'ElastiCache: Redis from the services only',
      allowAllOutbound: false,
    });
    this.cacheSecurityGroup.addIngressRule(
      this.serviceSecurityGroup,
      ec2.Port.tcp(CACHE_PORT),
      'From services',
    );

    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSg', {
      vpc: this.vpc,
      description: 'Deploy-time functions: HTTPS out only (AWS APIs through NAT or endpoints), nothing in',
      allowAllOutbound: false,
    });
    this.functionSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');

    if (config.network.interfaceEndpoints || natGateways === 0) this.addInterfaceEndpoints(natGateways === 0);
  }

  /** The configured AZs, so synthesis never asks AWS which ones exist. */
  override get availabilityZones(): string[] {
    return [...this.azs];
  }

  /** ECR, logs and Secrets Manager always; without NAT also what the app and its sidecar call. */
  private addInterfaceEndpoints(noNat: boolean): void {
    const s = ec2.InterfaceVpcEndpointAwsService;
    const services: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApi: s.ECR,
      EcrDocker: s.ECR_DOCKER,
      Logs: s.CLOUDWATCH_LOGS,
      SecretsManager: s.SECRETS_MANAGER,
      ...(noNat
        ? {
            XRay: s.XRAY,
            Monitoring: s.CLOUDWATCH_MONITORING,
            BedrockRuntime: s.BEDROCK_RUNTIME,
            Polly: s.POLLY,
            TranscribeStreaming: s.TRANSCRIBE_STREAMING,
            // The database-roles function's SQL (RDS Data API).
            RdsData: s.RDS_DATA,
          }
        : {}),
    };
    const endpointSg = new ec2.SecurityGroup(this, 'EndpointSg', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from the services only',
      allowAllOutbound: false,
    });
    endpointSg.addIngressRule(this.serviceSecurityGroup, ec2.Port.tcp(443), 'From services');
    endpointSg.addIngressRule(this.functionSecurityGroup, ec2.Port.tcp(443), 'From deploy-time functions');
    for (const [id, service] of Object.entries(services)) {
      this.vpc.addInterfaceEndpoint(id, {
        service,
        subnets: { subnetGroupName: SUBNETS.app },
        securityGroups: [endpointSg],
        open: false,
        privateDnsEnabled: true,
      });
    }
  }
}
