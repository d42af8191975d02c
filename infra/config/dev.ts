// dev: the minimal-cost environment that can be torn down every evening and recreated from code.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvConfig } from './types.js';

export const dev: EnvConfig = {
  envName: 'dev',
  prefix: 'healthcare-app-dev',
  account: '111111111111',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  network: { cidr: '10.0.0.0/16', natGateways: 1, interfaceEndpoints: false },
  // A sub-zone in the dev account, delegated from prod's zone by an NS record (docs/deploy-aws.md, DNS).
  dns: {
    zoneName: 'dev.medicare-hub.example.com',
    hostedZoneId: 'Z0000000000000000DEV0',
    appDomain: 'app.dev.medicare-hub.example.com',
    originDomain: 'origin.dev.medicare-hub.example.com',
  },
  services: {
    cpu: 256,
    memoryMiB: 512,
    sizing: {
      patients: { minTasks: 1, maxTasks: 2 },
      appointments: { minTasks: 1, maxTasks: 2 },
      core: { minTasks: 1, maxTasks: 2 },
    },
    logLevel: 'debug',
    otelCollectorImage: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3',
    deploy: { strategy: 'rolling' },
  },
  // Placeholder: set the real owner/repo in infra/cdk.json's context (see docs/deploy-aws.md, pipelines).
  ci: { githubRepository: 'medicare-hub/medicare-hub', githubOidcProviderArn: undefined },
  database: {
    minAcu: 0.5,
    maxAcu: 1,
    reader: false,
    maxConnections: 100,
    backupRetentionDays: 7,
    deletionProtection: false,
  },
  cache: { nodeType: 'cache.t4g.micro', snapshotRetentionDays: 15 },
  edge: { allowedCountries: ['US'] },
  waf: { perClientPer5Min: 3000, sensitivePer5Min: 100 },
  logRetention: RetentionDays.ONE_WEEK,
  removalPolicy: RemovalPolicy.DESTROY,
  alarmEmail: undefined,
  adminEmail: 'admin@medicare-hub.example.com',
};
