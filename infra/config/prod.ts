// prod: two of everything across two AZs, data kept on delete, a year of logs.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvConfig } from './types.js';

export const prod: EnvConfig = {
  envName: 'prod',
  prefix: 'healthcare-app-prod',
  account: '222222222222',
  region: 'us-east-1',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  network: { cidr: '10.1.0.0/16', natGateways: 2, interfaceEndpoints: true },
  dns: {
    zoneName: 'medicare-hub.example.com',
    hostedZoneId: 'Z0000000000000000PROD',
    appDomain: 'app.medicare-hub.example.com',
    originDomain: 'origin.medicare-hub.example.com',
  },
  services: {
    cpu: 512,
    memoryMiB: 1024,
    sizing: {
      patients: { minTasks: 2, maxTasks: 4 },
      appointments: { minTasks: 2, maxTasks: 4 },
      core: { minTasks: 2, maxTasks: 10 },
    },
    logLevel: 'info',
    otelCollectorImage: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3',
    deploy: { strategy: 'canary', percent: 10, bakeMinutes: 5 },
  },
  // Placeholder: set the real owner/repo in infra/cdk.json's context (see docs/deploy-aws.md, pipelines).
  ci: { githubRepository: 'medicare-hub/medicare-hub', githubOidcProviderArn: undefined },
  database: {
    minAcu: 0.5,
    maxAcu: 4,
    reader: true,
    maxConnections: 400,
    backupRetentionDays: 35,
    deletionProtection: true,
  },
  cache: { nodeType: 'cache.t4g.small', snapshotRetentionDays: 15 },
  edge: { allowedCountries: ['US'] },
  waf: { perClientPer5Min: 3000, sensitivePer5Min: 100 },
  logRetention: RetentionDays.ONE_YEAR,
  removalPolicy: RemovalPolicy.RETAIN,
  alarmEmail: undefined,
  adminEmail: 'admin@medicare-hub.example.com',
};
