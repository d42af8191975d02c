// The one-off migration task: the core service's task definition with the new image and the migrate command.
import { MIGRATE_COMMAND } from './migrations.js';

/** The fields of `aws ecs describe-task-definition` output we carry over (the rest is read-only metadata). */
interface ContainerDefinition {
  name: string;
  image: string;
  command?: string[];
  essential?: boolean;
  healthCheck?: unknown;
  portMappings?: unknown[];
  dependsOn?: unknown[];
  [key: string]: unknown;
}

export interface TaskDefinition {
  family: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode?: string;
  containerDefinitions: ContainerDefinition[];
  volumes?: unknown[];
  requiresCompatibilities?: string[];
  cpu?: string;
  memory?: string;
  runtimePlatform?: unknown;
  [key: string]: unknown;
}

/**
 * Input for `aws ecs register-task-definition`: only the app container, the given image (by digest), the
 * migrate command, no port and no health check (it serves nothing). Environment, secrets, roles, logging,
 * user and read-only root file system stay as the service has them, so it reaches the same database.
 */
export function migrationTaskDefinition(
  current: TaskDefinition,
  family: string,
  image: string,
): TaskDefinition {
  const app = current.containerDefinitions.find((c) => c.name === 'app');
  if (!app) throw new Error(`task definition ${current.family} has no "app" container`);
  const { healthCheck: _h, portMappings: _p, dependsOn: _d, ...rest } = app;
  return {
    family,
    taskRoleArn: current.taskRoleArn,
    executionRoleArn: current.executionRoleArn,
    networkMode: current.networkMode,
    requiresCompatibilities: current.requiresCompatibilities,
    cpu: current.cpu,
    memory: current.memory,
    runtimePlatform: current.runtimePlatform,
    volumes: current.volumes,
    containerDefinitions: [{ ...rest, image, command: [...MIGRATE_COMMAND], essential: true }],
  };
}

/** Replaces the tag or digest of an image reference: registry/repo:tag or registry/repo@sha256:… */
export function withDigest(imageRef: string, digest: string): string {
  const repo = imageRef.includes('@')
    ? imageRef.slice(0, imageRef.indexOf('@'))
    : imageRef.replace(/:[^:/]+$/, '');
  return `${repo}@${digest}`;
}

/** The digest in an image reference, if it names one. */
export function digestOf(imageRef: string): string | undefined {
  return /@(sha256:[0-9a-f]{64})$/.exec(imageRef)?.[1];
}

/** Whether a stopped one-off task succeeded: its app container exited 0. */
export function migrationOutcome(task: {
  stoppedReason?: string;
  containers?: { name: string; exitCode?: number; reason?: string }[];
}): { ok: boolean; detail: string } {
  const app = task.containers?.find((c) => c.name === 'app');
  if (app?.exitCode === 0) return { ok: true, detail: 'migrations applied' };
  return {
    ok: false,
    detail:
      `migration task failed: exit ${app?.exitCode ?? 'none'} ${app?.reason ?? ''} ${task.stoppedReason ?? ''}`.trim(),
  };
}
