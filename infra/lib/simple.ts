// The simple deploy path (seed S3.13): the Registry stack (the same ECR repositories as the scalable path)
// and one Simple stack; the same nag packs, register and deploy-time checks.
import type { App } from 'aws-cdk-lib';
import { Tags, Validations } from 'aws-cdk-lib';
import type { EnvConfig } from '../config/index.js';
import { stackName } from './app.js';
import { DeployChecks } from './checks/deploy-checks.js';
import { applySimpleAcknowledgements } from './nag/acknowledgements.js';
import { registerNagChecks } from './nag/checks.js';
import { RegistryStack } from './stacks/registry-stack.js';
import { SimpleStack } from './stacks/simple-stack.js';

export function buildSimpleApp(app: App, config: EnvConfig, options: { imageTag: string }) {
  const env = { account: config.account, region: config.region };
  const registry = new RegistryStack(app, stackName(config, 'registry'), {
    env,
    stackName: stackName(config, 'registry'),
    description: `MediCare Hub ${config.envName}: registry`,
    config,
  });
  const simple = new SimpleStack(app, `MedicareHub-${config.envName}-Simple`, {
    env,
    stackName: `MedicareHub-${config.envName}-Simple`,
    description: `MediCare Hub ${config.envName}: the simple path, one task`,
    config,
    imageTag: options.imageTag,
    repository: registry.repositories.core,
  });
  for (const stack of [registry, simple]) {
    Tags.of(stack).add('project', 'medicare-hub');
    Tags.of(stack).add('environment', config.envName);
  }
  registerNagChecks(app);
  Validations.of(app).addPlugins(new DeployChecks(config.envName));
  applySimpleAcknowledgements(config.envName, simple);
  return { registry, simple };
}
