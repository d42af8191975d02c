// Running the planned commands: print each one, run it from the repository root or infra/, stop at the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Step } from './deploy-plan.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function show(step: Step): string {
  return `# ${step.title}\n(cd ${step.cwd} && ${step.command.map((a) => (/[\s|'"$]/.test(a) ? `'${a}'` : a)).join(' ')})`;
}

export function runSteps(steps: readonly Step[], dryRun: boolean): void {
  for (const step of steps) {
    process.stdout.write(`${show(step)}\n`);
    if (dryRun) continue;
    const [file, ...args] = step.command;
    execFileSync(file!, args, { cwd: `${REPO_ROOT}${step.cwd}`, stdio: 'inherit' });
  }
}

/** One AWS CLI call whose output we need (the account, a digest, a description); its error text on failure. */
export function aws(args: readonly string[], output: 'text' | 'json' = 'text'): string {
  const result = spawnSync('aws', [...args, '--output', output], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `aws ${args.slice(0, 2).join(' ')} failed: ${(result.stderr || String(result.error)).trim()}`,
    );
  }
  return result.stdout.trim();
}
