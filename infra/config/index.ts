// Picks an environment's config and applies the few values an operator passes with -c on the command line.
import { dev } from './dev.js';
import { prod } from './prod.js';
import type { EnvConfig, EnvName } from './types.js';

export type { EnvConfig, EnvName, ServiceName, ServiceSizing } from './types.js';

const configs: Record<EnvName, EnvConfig> = { dev, prod };

/** Context keys an operator may set: -c account=… -c zoneName=… -c hostedZoneId=… -c appDomain=… */
export interface ConfigOverrides {
  readonly account?: string | undefined;
  readonly zoneName?: string | undefined;
  readonly hostedZoneId?: string | undefined;
  readonly appDomain?: string | undefined;
  readonly originDomain?: string | undefined;
  readonly alarmEmail?: string | undefined;
  readonly adminEmail?: string | undefined;
  /** "true" runs the VPC without NAT gateways, on endpoints only. */
  readonly noNat?: string | undefined;
  /** owner/repo trusted by the GitHub OIDC roles. */
  readonly githubRepository?: string | undefined;
  /** Import the account's GitHub OIDC provider instead of creating it. */
  readonly githubOidcProviderArn?: string | undefined;
}

export function isEnvName(value: unknown): value is EnvName {
  return value === 'dev' || value === 'prod';
}

/** Where this app can run: CloudFront's certificate and CLOUDFRONT-scope WAF live only in us-east-1. */
export const SUPPORTED_REGIONS = ['us-east-1'] as const;

/**
 * Refuses a configuration that would synthesize but not deploy, or deploy but not be watched: another
 * region, names outside this account's zone, dev and prod sharing a zone, a prod nobody hears alarms from.
 */
export function validateConfig(config: EnvConfig): EnvConfig {
  const problems: string[] = [];
  if (!(SUPPORTED_REGIONS as readonly string[]).includes(config.region)) {
    problems.push(
      `region ${config.region}: only us-east-1 (CloudFront's certificate and WAF must be there, and one ` +
        'certificate serves CloudFront and the ALB; docs/deploy-aws.md)',
    );
  }
  const { zoneName, appDomain, originDomain } = config.dns;
  for (const [key, name] of Object.entries({ appDomain, originDomain })) {
    if (!name.endsWith(`.${zoneName}`)) {
      problems.push(`${key} ${name} is not inside this account's zone ${zoneName}`);
    }
  }
  if (config.envName === 'dev' && zoneName === configs.prod.dns.zoneName) {
    problems.push(
      `dev's zone ${zoneName} is prod's: give the dev account its own sub-zone (e.g. dev.${zoneName}), ` +
        "delegated by an NS record in prod's zone (docs/deploy-aws.md, DNS)",
    );
  }
  if (config.envName === 'prod' && !config.alarmEmail) {
    problems.push('prod needs -c alarmEmail=<address>: alarms that reach nobody are not monitoring');
  }
  if (problems.length > 0)
    throw new Error(`Invalid ${config.envName} configuration:\n- ${problems.join('\n- ')}`);
  return config;
}

/** public.ecr.aws/<path> as pulled through the account's ECR cache (registry stack, noNat). */
export function throughEcr(image: string, account: string, region: string): string {
  const path = image.replace(/^public\.ecr\.aws\//, '');
  return `${account}.dkr.ecr.${region}.amazonaws.com/ecr-public/${path}`;
}

export function loadConfig(envName: EnvName, o: ConfigOverrides = {}): EnvConfig {
  const base = configs[envName];
  const noNat = o.noNat === 'true';
  return validateConfig({
    ...base,
    account: o.account ?? base.account,
    network: noNat ? { ...base.network, natGateways: 0, interfaceEndpoints: true } : base.network,
    services: noNat
      ? {
          ...base.services,
          otelCollectorImage: throughEcr(
            base.services.otelCollectorImage,
            o.account ?? base.account,
            base.region,
          ),
        }
      : base.services,
    dns: {
      zoneName: o.zoneName ?? base.dns.zoneName,
      hostedZoneId: o.hostedZoneId ?? base.dns.hostedZoneId,
      appDomain: o.appDomain ?? base.dns.appDomain,
      originDomain: o.originDomain ?? base.dns.originDomain,
    },
    alarmEmail: o.alarmEmail ?? base.alarmEmail,
    adminEmail: o.adminEmail ?? base.adminEmail,
    ci: {
      githubRepository: o.githubRepository ?? base.ci.githubRepository,
      githubOidcProviderArn: o.githubOidcProviderArn ?? base.ci.githubOidcProviderArn,
    },
  });
}
