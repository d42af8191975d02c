// Shared helpers: the repository root and the workflows as parsed YAML.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORKFLOWS = ['ci', 'deploy', 'infra'] as const;

export const workflowText = (name: string) =>
  readFileSync(`${REPO_ROOT}.github/workflows/${name}.yml`, 'utf8');

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
export interface Job {
  name?: string;
  if?: string;
  needs?: string[];
  environment?: string | { name: string; url?: string };
  permissions?: Record<string, string>;
  services?: Record<string, unknown>;
  container?: { image: string };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

export const workflow = (name: string) => parse(workflowText(name)) as Workflow;

/** The text of every `run:` in a job, joined, to search for the commands it runs. */
export const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');
