// Replays the Dockerfile's last stage outside Docker: its COPY, ENV and npm RUN lines into a directory, so a
// test can start the image's command from exactly the files the image would hold (no Docker engine here).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import {
  commandOf,
  dockerignore,
  envOf,
  healthcheckOf,
  parseDockerfile,
  splitFlags,
  type Stage,
} from './dockerfile.js';

export interface ReplayedStage {
  /** The directory that stands for the image's file system root. */
  readonly rootfs: string;
  /** The stage's WORKDIR inside rootfs. */
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cmd: readonly string[];
  readonly healthcheck: readonly string[] | undefined;
  readonly user: string | undefined;
  /** RUN lines that only make sense inside the image (user accounts), listed so a reader sees what was skipped. */
  readonly skipped: readonly string[];
}

/** RUN commands that set up the image's OS, not its files; the replay leaves them out on purpose. */
const OS_ONLY = /^(groupadd|useradd)\b/;

export function replayLastStage(options: { repoRoot: string; rootfs: string }): ReplayedStage {
  const { repoRoot, rootfs } = options;
  const file = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
  const ignored = dockerignore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
  const stage = file.stages.at(-1);
  if (!stage) throw new Error('Dockerfile has no stage');
  const buildStages = new Map(file.stages.slice(0, -1).map((s) => [s.name, s]));

  let workdir = '/';
  const env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck: string[] | undefined;
  let user: string | undefined;
  const skipped: string[] = [];
  const inImage = (path: string) => join(rootfs, posix.resolve(workdir, path));

  for (const { keyword, args, line } of stage.instructions) {
    switch (keyword) {
      case 'WORKDIR':
        workdir = posix.resolve(workdir, args.trim());
        mkdirSync(inImage('.'), { recursive: true });
        break;
      case 'ENV':
        Object.assign(env, envOf(args));
        break;
      case 'COPY': {
        const { flags, rest } = splitFlags(args);
        const dest = rest.pop();
        if (!dest || rest.length === 0)
          throw new Error(`Dockerfile:${line}: COPY needs a source and a destination`);
        for (const source of rest) {
          const from =
            flags.from === undefined
              ? contextPath(repoRoot, source, ignored, line)
              : builtPath(repoRoot, buildStages.get(flags.from), source, line);
          const target =
            dest.endsWith('/') || rest.length > 1
              ? join(inImage(dest), posix.basename(source))
              : inImage(dest);
          mkdirSync(dirname(target), { recursive: true });
          cpSync(from, target, {
            recursive: true,
            filter: (p) => flags.from !== undefined || !ignored(relative(repoRoot, p)),
          });
        }
        break;
      }
      case 'RUN':
        for (const command of args.split('&&').map((c) => c.trim())) {
          if (OS_ONLY.test(command)) skipped.push(command);
          else if (/^npm\s/.test(command)) {
            const [, ...npmArgs] = command.split(/\s+/);
            execFileSync('npm', npmArgs, {
              cwd: inImage('.'),
              stdio: 'pipe',
              env: { ...process.env, ...env },
            });
          } else
            throw new Error(`Dockerfile:${line}: the replay does not know how to run "${command}"; teach it`);
        }
        break;
      case 'CMD':
        cmd = commandOf(args);
        break;
      case 'HEALTHCHECK':
        healthcheck = healthcheckOf(args).command;
        break;
      case 'USER':
        user = args.trim();
        break;
      case 'EXPOSE':
      case 'STOPSIGNAL':
      case 'LABEL':
        break;
      default:
        throw new Error(`Dockerfile:${line}: the replay does not know ${keyword}; teach it`);
    }
  }
  return { rootfs, workdir: inImage('.'), env, cmd, healthcheck, user, skipped };
}

/** A build-context source: must exist in the repository and must not be excluded by .dockerignore. */
function contextPath(
  repoRoot: string,
  source: string,
  ignored: (p: string) => boolean,
  line: number,
): string {
  const path = join(repoRoot, source);
  if (!existsSync(path))
    throw new Error(`Dockerfile:${line}: COPY source ${source} is not in the repository`);
  if (ignored(source))
    throw new Error(`Dockerfile:${line}: COPY source ${source} is excluded by .dockerignore`);
  return path;
}

/**
 * A source from an earlier stage. That stage copies the repository to its WORKDIR and runs `npm run build`,
 * which is what the repository root holds after the same command, so /app/x in it is <repo>/x here.
 */
function builtPath(repoRoot: string, stage: Stage | undefined, source: string, line: number): string {
  if (!stage) throw new Error(`Dockerfile:${line}: COPY --from names no earlier stage`);
  const workdir =
    stage.instructions
      .filter((i) => i.keyword === 'WORKDIR')
      .at(-1)
      ?.args.trim() ?? '/';
  const inside = posix.relative(workdir, posix.resolve(workdir, source));
  if (inside.startsWith('..'))
    throw new Error(`Dockerfile:${line}: ${source} is outside the build stage's WORKDIR`);
  const path = join(repoRoot, inside);
  if (!existsSync(path) || (statSync(path).isDirectory() && readdirSync(path).length === 0)) {
    throw new Error(`Dockerfile:${line}: the build stage would not have ${source} (run npm run build first)`);
  }
  return path;
}

/** Every COPY source of the earlier stages exists in the repository and survives .dockerignore. */
export function checkBuildStageSources(repoRoot: string): string[] {
  const file = parseDockerfile(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
  const ignored = dockerignore(readFileSync(join(repoRoot, '.dockerignore'), 'utf8'));
  const checked: string[] = [];
  for (const stage of file.stages.slice(0, -1)) {
    for (const { keyword, args, line } of stage.instructions) {
      if (keyword !== 'COPY') continue;
      const { flags, rest } = splitFlags(args);
      if (flags.from !== undefined) continue;
      for (const source of rest.slice(0, -1))
        checked.push(relative(repoRoot, contextPath(repoRoot, source, ignored, line)));
    }
  }
  return checked;
}
