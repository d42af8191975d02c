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

export function loadConfig(envName: EnvName, o: ConfigOverrides = {}): EnvConfig {
  const base = configs[envName];
  const noNat = o.noNat === 'true';
  return {
    ...base,
    account: o.account ?? base.account,
    network: noNat ? { ...base.network, natGateways: 0, interfaceEndpoints: true } : base.network,
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
  };
}
