// The typed shape of one environment's settings; dev.ts and prod.ts fill it in, bin/app.ts picks one.
import type { RemovalPolicy } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ServiceName } from '@medicare/contracts';

export type EnvName = 'dev' | 'prod';

/** The three Fargate services started from the one image; the key is the value of SERVICES. */
export type { ServiceName };

export interface ServiceSizing {
  /** Tasks at rest (desired count and autoscaling minimum). */
  readonly minTasks: number;
  /** Autoscaling maximum. */
  readonly maxTasks: number;
}

export interface EnvConfig {
  readonly envName: EnvName;
  /** Prefix of every physical name: healthcare-app-{env}. */
  readonly prefix: string;
  readonly account: string;
  /** us-east-1: CloudFront certificates and CLOUDFRONT-scope WAF ACLs must live there (see docs/deploy-aws.md). */
  readonly region: 'us-east-1';
  /** Explicit AZs so synthesis never looks them up. */
  readonly availabilityZones: readonly [string, string];

  readonly network: {
    readonly cidr: string;
    /** 0 = no NAT at all: tasks reach AWS only through VPC endpoints (S2.6). */
    readonly natGateways: 0 | 1 | 2;
    /** Interface endpoints for ECR, logs, Secrets Manager (always on when natGateways is 0). */
    readonly interfaceEndpoints: boolean;
  };

  readonly dns: {
    /**
     * The Route 53 public hosted zone of THIS account, created before the first deploy. Each account has its
     * own zone: prod the domain's zone, dev a sub-zone (dev.<domain>) delegated to it (docs/deploy-aws.md).
     */
    readonly zoneName: string;
    readonly hostedZoneId: string;
    /** Where people open the web app (CloudFront). */
    readonly appDomain: string;
    /** The ALB's name, used by CloudFront as the API origin; fails over to the maintenance page. */
    readonly originDomain: string;
  };

  readonly services: {
    readonly cpu: number;
    readonly memoryMiB: number;
    readonly sizing: Readonly<Record<ServiceName, ServiceSizing>>;
    readonly logLevel: 'info' | 'debug' | 'warn';
    /** ADOT collector sidecar image (public ECR; mirror it into ECR for NAT-less VPCs). */
    readonly otelCollectorImage: string;
    /**
     * How a new image reaches the tasks (docs/decisions/016): rolling, or ECS's native canary, which sends
     * `percent` of traffic to the new tasks for `bakeMinutes`, then all of it.
     */
    readonly deploy:
      | { readonly strategy: 'rolling' }
      | { readonly strategy: 'canary'; readonly percent: number; readonly bakeMinutes: number };
  };

  /** GitHub Actions' OIDC access to this account (the Ci stack, docs/decisions/018). */
  readonly ci: {
    /** owner/repo whose workflows may assume the roles (-c githubRepository=… or infra/cdk.json). */
    readonly githubRepository: string;
    /** The account's existing GitHub OIDC provider; unset = the Ci stack creates it (once per account). */
    readonly githubOidcProviderArn: string | undefined;
  };

  readonly database: {
    readonly minAcu: number;
    readonly maxAcu: number;
    /** A second Serverless v2 instance in the other AZ, promoted on failover. */
    readonly reader: boolean;
    /** Set in the cluster parameter group so the 90% alarm has an exact threshold. */
    readonly maxConnections: number;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
  };

  readonly cache: {
    readonly nodeType: string;
    readonly snapshotRetentionDays: number;
  };

  readonly edge: {
    /** CloudFront geo restriction: ISO country codes allowed to reach the app. */
    readonly allowedCountries: readonly string[];
  };

  /**
   * CloudFront's WAF, where the client address is the real one (the ALB only ever sees CloudFront's edges).
   * A clinic puts many staff behind one office address, so the general limit is sized for an office; the
   * endpoints worth guessing at (sign-in, /predict) keep the seeds' 100 per 5 minutes per address.
   */
  readonly waf: {
    /** Requests per 5 minutes per client address, all paths but hashed static assets. */
    readonly perClientPer5Min: number;
    /** Requests per 5 minutes per client address to POST /api/auth/login and /predict (the seeds' 100). */
    readonly sensitivePer5Min: number;
  };

  readonly logRetention: RetentionDays;
  /** What happens to data stores when their stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** Subscribed to both alarm topics (critical and warning); a prod synth refuses to run without it. */
  readonly alarmEmail: string | undefined;
  readonly adminEmail: string;
}
