// Prints the image digest an environment's core service runs now (rollback target, and what prod promotes).
// usage: tsx delivery/bin/current-image.ts --env dev|prod   (prints nothing when the service does not exist)
import { digestOf, type TaskDefinition } from '../src/migration-task.js';
import { clusterName, isEnvName, REGION, repositoryName, serviceName } from '../src/naming.js';
import { aws } from '../src/run.js';

const env = process.argv[process.argv.indexOf('--env') + 1];
if (!isEnvName(env)) {
  console.error('usage: tsx delivery/bin/current-image.ts --env dev|prod');
  process.exit(2);
}
const json = (args: string[]) =>
  JSON.parse(aws([...args, '--region', REGION], 'json')) as Record<string, unknown>;
let services: { status: string; taskDefinition: string }[] = [];
try {
  ({ services } = json([
    'ecs',
    'describe-services',
    '--cluster',
    clusterName(env),
    '--services',
    serviceName(env, 'core'),
  ]) as {
    services: typeof services;
  });
} catch (error) {
  // No cluster yet (first deploy): nothing runs, so there is nothing to roll back to.
  if (!(error as Error).message.includes('ClusterNotFoundException')) throw error;
}
const service = services.find((s) => s.status === 'ACTIVE');
if (service) {
  const { taskDefinition } = json([
    'ecs',
    'describe-task-definition',
    '--task-definition',
    service.taskDefinition,
  ]) as { taskDefinition: TaskDefinition };
  const image = taskDefinition.containerDefinitions.find((c) => c.name === 'app')?.image ?? '';
  const tag = /:([^:/@]+)$/.exec(image)?.[1];
  const digest =
    digestOf(image) ??
    (tag === undefined
      ? undefined
      : aws([
          'ecr',
          'describe-images',
          '--region',
          REGION,
          '--repository-name',
          repositoryName(env, 'core'),
          '--image-ids',
          `imageTag=${tag}`,
          '--query',
          'imageDetails[0].imageDigest',
        ]));
  if (digest) console.log(digest);
}
