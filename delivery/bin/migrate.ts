// Runs the database migrations of an image as a one-off Fargate task before the services get that image.
// usage: tsx delivery/bin/migrate.ts --env dev|prod --image sha256:<digest>
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  migrationOutcome,
  migrationTaskDefinition,
  withDigest,
  type TaskDefinition,
} from '../src/migration-task.js';
import {
  clusterName,
  isDigest,
  isEnvName,
  migrationFamily,
  REGION,
  serviceName,
  type EnvName,
} from '../src/naming.js';
import { aws } from '../src/run.js';

const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const env = arg('--env');
const digest = arg('--image');
if (!isEnvName(env) || digest === undefined || !isDigest(digest)) {
  console.error('usage: tsx delivery/bin/migrate.ts --env dev|prod --image sha256:<digest>');
  process.exit(2);
}
const json = (args: string[]) =>
  JSON.parse(aws([...args, '--region', REGION], 'json')) as Record<string, unknown>;

type Described = { services: { status: string; taskDefinition: string; networkConfiguration: unknown }[] };
/** The core service, or nothing on a first deploy (no cluster or no service yet). */
function describeCore(envName: EnvName): Described {
  try {
    return json([
      'ecs',
      'describe-services',
      '--cluster',
      clusterName(envName),
      '--services',
      serviceName(envName, 'core'),
    ]) as Described;
  } catch (error) {
    if ((error as Error).message.includes('ClusterNotFoundException')) return { services: [] };
    throw error;
  }
}
const described = describeCore(env);
const service = described.services.find((s) => s.status === 'ACTIVE');
if (!service) {
  // First deploy: no database user of the old schema exists; the first server start applies the migrations.
  console.log(`no active ${serviceName(env, 'core')} yet: the first start applies the migrations`);
  process.exit(0);
}
const { taskDefinition } = json([
  'ecs',
  'describe-task-definition',
  '--task-definition',
  service.taskDefinition,
]) as { taskDefinition: TaskDefinition };
const app = taskDefinition.containerDefinitions.find((c) => c.name === 'app');
const input = migrationTaskDefinition(
  taskDefinition,
  migrationFamily(env),
  withDigest(app?.image ?? '', digest),
);
const dir = mkdtempSync(join(tmpdir(), 'migrate-'));
writeFileSync(join(dir, 'task.json'), JSON.stringify(input));
const registered = json([
  'ecs',
  'register-task-definition',
  '--cli-input-json',
  `file://${join(dir, 'task.json')}`,
]) as { taskDefinition: { taskDefinitionArn: string } };
const run = json([
  'ecs',
  'run-task',
  '--cluster',
  clusterName(env),
  '--launch-type',
  'FARGATE',
  '--started-by',
  'deploy-migrations',
  '--task-definition',
  registered.taskDefinition.taskDefinitionArn,
  '--network-configuration',
  JSON.stringify(service.networkConfiguration),
]) as { tasks: { taskArn: string }[] };
const taskArn = run.tasks[0]?.taskArn;
if (!taskArn) throw new Error('run-task started no task');
console.log(`migration task ${taskArn} started with ${digest}`);
aws(['ecs', 'wait', 'tasks-stopped', '--region', REGION, '--cluster', clusterName(env), '--tasks', taskArn]);
const stopped = json(['ecs', 'describe-tasks', '--cluster', clusterName(env), '--tasks', taskArn]) as {
  tasks: Parameters<typeof migrationOutcome>[0][];
};
const outcome = migrationOutcome(stopped.tasks[0] ?? {});
console.log(outcome.detail);
process.exit(outcome.ok ? 0 : 1);
