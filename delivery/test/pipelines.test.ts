// The properties issue 8 asks of the pipelines: triggers, the manual prod gate, OIDC without keys, pinned
// actions, minimal permissions, the jobs and their order, one digest from dev to prod, rollback, chat.
import { describe, expect, it } from 'vitest';
import { PINNED_ACTIONS } from '../src/pins.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runs, workflow, workflowText, WORKFLOWS, type Job, type Workflow } from './support.js';

const ci = workflow('ci');
const deploy = workflow('deploy');
const infra = workflow('infra');

/** The operator context every cdk deploy in the pipeline passes (docs/deploy-aws.md), from environment variables. */
const CONTEXT = ' -c "zoneName=$ZONE_NAME" -c "hostedZoneId=$HOSTED_ZONE_ID" -c "alarmEmail=$ALARM_EMAIL"';
/** The npm scripts of the package in `dir` (relative to the repository root). */
const scripts = (dir: string) =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, dir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
const envName = (job: Job) => (typeof job.environment === 'string' ? job.environment : job.environment?.name);
const stepsUsing = (job: Job, action: string) => job.steps.filter((s) => s.uses?.startsWith(`${action}@`));
const stepById = (job: Job, id: string) => {
  const step = job.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step with id ${id}`);
  return step;
};
/** Jobs reachable from `job` through needs (its ancestors). */
const ancestors = (wf: Workflow, job: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (name: string) => {
    for (const need of wf.jobs[name]?.needs ?? []) {
      if (seen.has(need)) continue;
      seen.add(need);
      visit(need);
    }
  };
  visit(job);
  return seen;
};

describe('triggers', () => {
  it('ci runs on every push and every pull request', () => {
    expect(ci.on).toEqual({ push: null, pull_request: null });
  });
  it('deploy runs on pushes to main, and by manual dispatch only otherwise', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push).toEqual({ branches: ['main'] });
  });
  it('infra runs on pull requests that touch infra/', () => {
    expect(Object.keys(infra.on)).toEqual(['pull_request']);
    expect((infra.on.pull_request as { paths: string[] }).paths).toContain('infra/**');
  });
});

describe('ci.yml', () => {
  const verify = ci.jobs.verify!;
  it('installs, lints, type-checks and tests with PostgreSQL and Redis service containers', () => {
    expect(Object.keys(verify.services ?? {}).sort()).toEqual(['postgres', 'redis']);
    const commands = runs(verify);
    for (const command of [
      'npm ci',
      'npm run build',
      'npm run lint',
      'npm run typecheck',
      'npm run check:generated',
      'npm test',
    ]) {
      expect(commands).toContain(command);
    }
    expect(verify.env?.TEST_DATABASE_URL).toMatch(/^postgres:\/\/root@postgres:5432\//);
    expect(verify.env?.TEST_REDIS_URL).toBe('redis://redis:6379');
  });
  it('runs the web end-to-end tests in Chromium and uploads reports and screenshots', () => {
    expect(runs(verify)).toContain('apt-get install -y --no-install-recommends chromium');
    // npm test runs apps/web's suites, whose e2e project drives Chromium; it builds what they need first.
    expect(runs(verify)).toContain('npm test');
    expect(scripts('.').test).toMatch(/^npm run build && /);
    expect(scripts('apps/web').test).toBe('vitest run');
    const upload = stepsUsing(verify, 'actions/upload-artifact')[0];
    expect(upload?.if).toBe('always()');
    expect(String(upload?.with?.path)).toContain('test-results/');
    expect(String(upload?.with?.path)).toContain('screenshots/');
  });
  it('runs only npm scripts that exist (no --if-present hiding a missing one)', () => {
    for (const wf of WORKFLOWS) {
      const text = workflowText(wf);
      expect(text).not.toContain('--if-present');
      for (const [, name, workspace] of text.matchAll(/npm run (?:-s )?([a-z][\w:-]*)(?: -w (\S+))?/g))
        expect(scripts(workspace ?? '.'), `${wf}: npm run ${name}`).toHaveProperty([name!]);
    }
  });
  it('fails on high-severity advisories', () => {
    expect(runs(ci.jobs.audit!)).toContain('npm audit --audit-level=high');
  });
  it('synthesizes both environments, where the cdk-nag packs fail synth on any finding', () => {
    expect(runs(ci.jobs['cdk-synth']!)).toContain('npm run synth:dev -w infra');
    expect(runs(ci.jobs['cdk-synth']!)).toContain('npm run synth:prod -w infra');
  });
  it('lints the Dockerfile, then builds the image and fails on critical vulnerabilities', () => {
    expect(stepsUsing(ci.jobs['dockerfile-lint']!, 'hadolint/hadolint-action')).toHaveLength(1);
    const image = ci.jobs.image!;
    expect(image.needs).toEqual(['dockerfile-lint']);
    const trivy = stepsUsing(image, 'aquasecurity/trivy-action')[0]!;
    expect(trivy.with).toMatchObject({
      'image-ref': 'medicare-hub:ci',
      severity: 'CRITICAL',
      'exit-code': '1',
    });
    expect(stepsUsing(image, 'docker/build-push-action')[0]?.with).toMatchObject({
      push: false,
      tags: 'medicare-hub:ci',
    });
  });
});

describe('deploy.yml', () => {
  const jobs = deploy.jobs;
  it('orders the jobs: build → migrate → deploy dev; resolve → deploy prod; notify after all', () => {
    expect(jobs['build-push']?.needs).toBeUndefined();
    expect(jobs['migrate-dev']?.needs).toEqual(['build-push']);
    expect(ancestors(deploy, 'deploy-dev')).toEqual(new Set(['build-push', 'migrate-dev']));
    expect(jobs['deploy-prod']?.needs).toEqual(['resolve-prod-image']);
    expect(new Set(jobs.notify?.needs)).toEqual(new Set(Object.keys(jobs).filter((j) => j !== 'notify')));
    expect(jobs.notify?.if).toBe('always()');
  });
  it('builds and pushes one image tagged with the commit SHA to the three ECR repositories', () => {
    const build = stepsUsing(jobs['build-push']!, 'docker/build-push-action')[0]!;
    expect(build.with?.push).toBe(true);
    const tags = String(build.with?.tags).trim().split('\n');
    expect(tags.map((t) => t.replace(/^.*\//, ''))).toEqual(
      ['patient-service', 'appointment-service', 'core-service'].map(
        (r) => `healthcare-app-dev-${r}:\${{ github.sha }}`,
      ),
    );
    expect(jobs['build-push']?.outputs?.digest).toBe('${{ steps.build.outputs.digest }}');
  });
  it('dev: migrations as a one-off task, cdk deploy by digest with a wait for stable services, smoke test', () => {
    expect(runs(jobs['migrate-dev']!)).toContain(
      'npm run migrate -w delivery -- --env dev --image "$DIGEST"',
    );
    const dev = jobs['deploy-dev']!;
    expect(stepById(dev, 'deploy').run).toBe(`npm run deploy -- --env dev --image "$DIGEST" --ci${CONTEXT}`);
    expect(stepById(dev, 'deploy').env?.DIGEST).toBe('${{ needs.build-push.outputs.digest }}');
    expect(stepById(dev, 'smoke').run).toContain('npm run smoke -w delivery');
  });
  it('prod runs only by manual dispatch from main, behind the prod approval environment', () => {
    expect(jobs['resolve-prod-image']?.if).toBe(
      "github.event_name == 'workflow_dispatch' && github.ref == 'refs/heads/main'",
    );
    expect(jobs['build-push']?.if).toBe("github.event_name == 'push'");
    expect(envName(jobs['deploy-prod']!)).toBe('prod');
    // Nothing but deploy-prod can reach prod: no other job uses the prod environment or its names.
    for (const [name, job] of Object.entries(jobs)) {
      if (name === 'deploy-prod' || name === 'notify') continue;
      expect(envName(job)).not.toBe('prod');
      expect(runs(job)).not.toContain('--env prod');
    }
  });
  it('promotes the same digest dev runs: copied by digest, migrated, deployed by digest', () => {
    const prod = jobs['deploy-prod']!;
    expect(prod.env?.DIGEST).toBe('${{ needs.resolve-prod-image.outputs.digest }}');
    expect(runs(jobs['resolve-prod-image']!)).toContain('current-image -w delivery -- --env dev');
    expect(runs(prod)).toContain('skopeo copy --preserve-digests');
    expect(runs(prod)).toContain('healthcare-app-dev-$repo@$DIGEST');
    expect(runs(prod)).toContain('npm run migrate -w delivery -- --env prod --image "$DIGEST"');
    expect(stepById(prod, 'deploy').run).toBe(
      `npm run deploy -- --env prod --image "$DIGEST" --ci${CONTEXT}`,
    );
    expect(runs(prod)).not.toMatch(/docker build|build-push-action/);
    expect(stepsUsing(prod, 'docker/build-push-action')).toEqual([]);
  });
  it('rolls back to the previous digest when the deploy or the smoke test fails, in both environments', () => {
    for (const name of ['deploy-dev', 'deploy-prod']) {
      const job = jobs[name]!;
      const order = job.steps.map((s) => s.id);
      expect(order.indexOf('previous')).toBeLessThan(order.indexOf('deploy'));
      expect(order.indexOf('deploy')).toBeLessThan(order.indexOf('smoke'));
      expect(order.indexOf('smoke')).toBeLessThan(order.indexOf('rollback'));
      const rollback = stepById(job, 'rollback');
      expect(rollback.if).toBe("failure() && steps.previous.outputs.digest != ''");
      expect(rollback.run).toBe(
        `npm run deploy -- --env ${name.slice(7)} --image "$PREVIOUS" --ci${CONTEXT}`,
      );
      expect(job.env).toMatchObject({
        ZONE_NAME: '${{ vars.ZONE_NAME }}',
        HOSTED_ZONE_ID: '${{ vars.HOSTED_ZONE_ID }}',
      });
      expect(rollback.env?.PREVIOUS).toBe('${{ steps.previous.outputs.digest }}');
      expect(stepById(job, 'result').env?.OUTCOME).toContain(
        "steps.rollback.outcome == 'success' && 'rolled back'",
      );
    }
  });
  it('notifies Slack of success, failure and rollback through a webhook kept in a secret', () => {
    const notify = jobs.notify!;
    const slack = stepsUsing(notify, 'slackapi/slack-github-action')[0]!;
    expect(slack.with?.webhook).toBe('${{ secrets.SLACK_WEBHOOK_URL }}');
    expect(slack.with?.['webhook-type']).toBe('incoming-webhook');
    expect(String(slack.with?.payload)).toContain('${{ env.OUTCOME }}');
    expect(notify.env?.OUTCOME).toBe(
      "${{ needs.deploy-dev.outputs.outcome || needs.deploy-prod.outputs.outcome || 'failed' }}",
    );
  });
});

describe('infra.yml', () => {
  it('validates (format, lint, types, tests, synth), then posts cdk diff against dev as a comment', () => {
    const commands = runs(infra.jobs.validate!);
    for (const c of [
      'npx prettier --check infra',
      'npx eslint infra',
      'npm run typecheck -w infra',
      'npm test -w infra',
      'synth:dev',
      'synth:prod',
    ]) {
      expect(commands).toContain(c);
    }
    const diff = infra.jobs.diff!;
    expect(diff.needs).toEqual(['validate']);
    expect(runs(diff)).toContain('npx cdk diff --all -c env=dev');
    expect(stepsUsing(diff, 'actions/github-script')[0]?.with?.script).toContain('createComment');
    expect(diff.permissions?.['pull-requests']).toBe('write');
  });
});

describe.each(WORKFLOWS)('%s.yml: supply chain and permissions', (name) => {
  const wf = workflow(name);
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

  it('pins every action to a verified 40-hex commit SHA with its release in a comment', () => {
    const lines = workflowText(name)
      .split('\n')
      .filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const match = /uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)$/.exec(line);
      expect(match, line).not.toBeNull();
      const [, action, sha, version] = match!;
      expect(PINNED_ACTIONS[action!], `${action} is not in src/pins.ts`).toEqual({ sha, version });
    }
  });

  it('grants nothing at the top level and at most what each job needs', () => {
    expect(wf.permissions).toEqual({});
    const allowed: Record<string, string[]> = {
      contents: ['read'],
      'id-token': ['write'],
      'pull-requests': ['write'],
    };
    for (const [jobName, job] of Object.entries(wf.jobs)) {
      expect(job.permissions, `${jobName} declares its permissions`).toBeDefined();
      for (const [scope, level] of Object.entries(job.permissions ?? {})) {
        expect(allowed[scope], `${jobName}: ${scope}: ${level}`).toContain(level);
      }
      const usesAws = job.steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      // OIDC only where AWS is used; pull-request comments only in the diff job.
      expect(job.permissions?.['id-token'] === 'write', `${jobName} id-token`).toBe(usesAws);
      if (job.permissions?.['pull-requests']) expect(`${name}/${jobName}`).toBe('infra/diff');
    }
  });

  it('reaches AWS through OIDC role assumption only: no access keys anywhere', () => {
    const text = workflowText(name);
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/,
    );
    for (const step of steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))) {
      expect(Object.keys(step.with ?? {}).sort()).toEqual([
        'aws-region',
        'role-session-name',
        'role-to-assume',
      ]);
      expect(step.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]+_ROLE_ARN \}\}$/);
    }
  });

  it('checks out without persisting the token and feeds user input to scripts only through env', () => {
    for (const step of steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials']).toBe(false);
    }
    for (const step of steps.filter((s) => s.run)) {
      expect(step.run).not.toMatch(/\$\{\{\s*(inputs\.|github\.event\.)/);
    }
  });
});
