// Builds one environment's stacks into an App, registers the nag packs and applies the acknowledgement register.
import type { App, Stack } from 'aws-cdk-lib';
import { Tags, Validations } from 'aws-cdk-lib';
import type { EnvConfig } from '../config/index.js';
import { applyAcknowledgements, type StackKey } from './nag/acknowledgements.js';
import { DeployChecks } from './checks/deploy-checks.js';
import { registerNagChecks } from './nag/checks.js';
import { CiStack } from './stacks/ci-stack.js';
import { DataStack } from './stacks/data-stack.js';
import { EdgeStack } from './stacks/edge-stack.js';
import { FoundationStack } from './stacks/foundation-stack.js';
import { MonitoringStack } from './stacks/monitoring-stack.js';
import { NetworkStack } from './stacks/network-stack.js';
import { RegistryStack } from './stacks/registry-stack.js';
import { ServicesStack } from './stacks/services-stack.js';

export interface BuildOptions {
  /** Image tag every service runs (-c imageTag=...). */
  readonly imageTag: string;
}

export type Stacks = Readonly<Record<StackKey, Stack>>;

export function stackName(config: EnvConfig, key: StackKey): string {
  return `MedicareHub-${config.envName}-${key[0]?.toUpperCase()}${key.slice(1)}`;
}

export function buildApp(app: App, config: EnvConfig, options: BuildOptions): Stacks {
  const env = { account: config.account, region: config.region };
  const base = (key: StackKey) => ({
    env,
    stackName: stackName(config, key),
    description: `MediCare Hub ${config.envName}: ${key}`,
    terminationProtection: config.envName === 'prod',
  });

  const foundation = new FoundationStack(app, stackName(config, 'foundation'), {
    ...base('foundation'),
    config,
  });
  const network = new NetworkStack(app, stackName(config, 'network'), {
    ...base('network'),
    config,
    logsKey: foundation.logsKey,
  });
  const data = new DataStack(app, stackName(config, 'data'), {
    ...base('data'),
    config,
    vpc: network.vpc,
    databaseSecurityGroup: network.databaseSecurityGroup,
    cacheSecurityGroup: network.cacheSecurityGroup,
    logsKey: foundation.logsKey,
    logBucket: foundation.logBucket,
    functionSecurityGroup: network.functionSecurityGroup,
    alarmTopic: foundation.alarmTopic,
  });

  const registry = new RegistryStack(app, stackName(config, 'registry'), { ...base('registry'), config });
  const services = new ServicesStack(app, stackName(config, 'services'), {
    ...base('services'),
    config,
    imageTag: options.imageTag,
    vpc: network.vpc,
    albSecurityGroup: network.albSecurityGroup,
    serviceSecurityGroup: network.serviceSecurityGroup,
    certificate: foundation.certificate,
    logsKey: foundation.logsKey,
    logBucket: foundation.logBucket,
    repositories: registry.repositories,
    data,
    originVerifySecret: foundation.originVerifySecret,
    alarmTopic: foundation.alarmTopic,
  });

  const edge = new EdgeStack(app, stackName(config, 'edge'), {
    ...base('edge'),
    config,
    certificate: foundation.certificate,
    hostedZone: foundation.hostedZone,
    alb: services.alb,
    originVerifySecret: foundation.originVerifySecret,
    warningTopic: foundation.warningTopic,
    coreTargetGroups: [
      services.targetGroups.core,
      ...(services.greenTargetGroups.core ? [services.greenTargetGroups.core] : []),
    ],
    logsKey: foundation.logsKey,
    logBucket: foundation.logBucket,
    uploadsBucket: data.uploads,
  });

  const monitoring = new MonitoringStack(app, stackName(config, 'monitoring'), {
    ...base('monitoring'),
    config,
    criticalTopic: foundation.alarmTopic,
    warningTopic: foundation.warningTopic,
    services,
    edge,
  });

  // Account access for the pipelines; depends on nothing, so an administrator can deploy it first, alone.
  const ci = new CiStack(app, stackName(config, 'ci'), { ...base('ci'), config });

  const stacks: Stacks = { ci, foundation, network, data, registry, services, edge, monitoring };
  for (const stack of Object.values(stacks)) {
    Tags.of(stack).add('project', 'medicare-hub');
    Tags.of(stack).add('environment', config.envName);
  }
  registerNagChecks(app);
  Validations.of(app).addPlugins(new DeployChecks(config.envName));
  applyAcknowledgements(config.envName, stacks);
  return stacks;
}
