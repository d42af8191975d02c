// CDK entry point: `npx cdk synth -c env=dev|prod [-c imageTag=…] [-c account=…]` (see docs/deploy-aws.md).
import { App } from 'aws-cdk-lib';
import { isEnvName, loadConfig } from '../config/index.js';
import { buildApp } from '../lib/app.js';
import { buildSimpleApp } from '../lib/simple.js';

const app = new App();
const ctx = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const envName = ctx('env') ?? 'dev';
if (!isEnvName(envName)) {
  console.error(`-c env must be dev or prod (got "${envName}")`);
  process.exit(1);
}

const config = (() => {
  try {
    return loadConfig(envName, overrides());
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
})();

function overrides() {
  return {
    account: ctx('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
    zoneName: ctx('zoneName'),
    hostedZoneId: ctx('hostedZoneId'),
    appDomain: ctx('appDomain'),
    originDomain: ctx('originDomain'),
    alarmEmail: ctx('alarmEmail'),
    adminEmail: ctx('adminEmail'),
    noNat: ctx('noNat'),
    // Account-level, the same on every deploy: best kept in cdk.json's context (docs/deploy-aws.md, pipelines).
    githubRepository: ctx('githubRepository'),
    githubOidcProviderArn: ctx('githubOidcProviderArn'),
  };
}

// -c shape=simple: one task, no NAT/ALB/Redis (docs/decisions/070); default: the scalable path.
if (ctx('shape') === 'simple') buildSimpleApp(app, config, { imageTag: ctx('imageTag') ?? 'latest' });
else buildApp(app, config, { imageTag: ctx('imageTag') ?? 'latest' });
app.synth();
