// The scripts the pipeline runs against AWS (migrate, current-image), driven against a fake AWS CLI on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATE_COMMAND } from '../src/migrations.js';
import { REPO_ROOT } from './support.js';

const NEW = `sha256:${'c'.repeat(64)}`;
const RUNNING = `sha256:${'b'.repeat(64)}`;

function script(name: string, args: string[], scenario: 'first' | 'ok' | 'fail') {
  const log = join(mkdtempSync(join(tmpdir(), 'fake-aws-')), 'calls.log');
  const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [`bin/${name}.ts`, ...args], {
    cwd: join(REPO_ROOT, 'delivery'),
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${join(REPO_ROOT, 'delivery/test/fake-aws')}:${process.env.PATH}`,
      FAKE_AWS_SCENARIO: scenario,
      FAKE_AWS_LOG: log,
    },
  });
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const lines = text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);
  return {
    ...result,
    calls: lines.filter(Array.isArray) as string[][],
    bodies: lines.filter((l) => !Array.isArray(l)),
  };
}

describe('npm run migrate', () => {
  it('runs the new digest with the migrate command in the core service network, and passes on exit 0', () => {
    const { status, stdout, calls, bodies } = script('migrate', ['--env', 'dev', '--image', NEW], 'ok');
    expect(status, stdout).toBe(0);
    expect(calls.map((c) => `${c[0]} ${c[1]}`)).toEqual([
      'ecs describe-services',
      'ecs describe-task-definition',
      'ecs register-task-definition',
      'ecs run-task',
      'ecs wait',
      'ecs describe-tasks',
    ]);
    const registered = bodies[0] as {
      family: string;
      containerDefinitions: { image: string; command: string[] }[];
    };
    expect(registered.family).toBe('healthcare-app-dev-migrate');
    expect(registered.containerDefinitions).toEqual([
      expect.objectContaining({
        image: `1.dkr.ecr.us-east-1.amazonaws.com/healthcare-app-dev-core-service@${NEW}`,
        command: [...MIGRATE_COMMAND],
      }),
    ]);
    const run = calls[3]!;
    expect(run).toContain('FARGATE');
    expect(JSON.parse(run[run.indexOf('--network-configuration') + 1]!)).toMatchObject({
      awsvpcConfiguration: { subnets: ['subnet-1'] },
    });
    expect(calls.every((c) => c.includes('--region') || c[1] === 'wait')).toBe(true);
  });
  it('fails the pipeline when the migration task exits non-zero', () => {
    const { status, stdout } = script('migrate', ['--env', 'dev', '--image', NEW], 'fail');
    expect(status).toBe(1);
    expect(stdout).toContain('migration task failed: exit 1');
  });
  it('skips on a first deploy, when there is no cluster yet', () => {
    const { status, stdout } = script('migrate', ['--env', 'prod', '--image', NEW], 'first');
    expect(status).toBe(0);
    expect(stdout).toContain('the first start applies the migrations');
  });
  it('refuses anything but a digest', () => {
    expect(script('migrate', ['--env', 'dev', '--image', 'latest'], 'ok').status).toBe(2);
  });
});

describe('npm run current-image', () => {
  it('prints the digest the core service runs, and nothing on a first deploy', () => {
    expect(script('current-image', ['--env', 'dev'], 'ok').stdout.trim()).toBe(RUNNING);
    const first = script('current-image', ['--env', 'dev'], 'first');
    expect([first.status, first.stdout]).toEqual([0, '']);
  });
});
