// A small Dockerfile reader: instructions grouped by stage, enough for the image checks and the runtime replay.

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ... */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  readonly args: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** ARG and other instructions before the first FROM. */
  readonly preamble: readonly Instruction[];
  readonly stages: readonly Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (pending === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending !== undefined && trimmed.startsWith('#')) return; // comments inside a continuation
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: index + 1 };
    if (part !== '') pending.parts.push(part);
    if (continues) return;
    const joined = pending.parts.join(' ');
    const match = /^(\S+)\s*(.*)$/s.exec(joined);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!, line: pending.line });
    pending = undefined;
  });

  const preamble: Instruction[] = [];
  const stages: { name: string | undefined; from: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      preamble.push(instruction);
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return { preamble, stages };
}

/** The exec form `["a", "b"]` as an array; the shell form as `['/bin/sh', '-c', text]`. */
export function commandOf(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return ['/bin/sh', '-c', trimmed];
}

/** Splits `--flag=value` options off the front of an instruction's arguments (COPY --from=build a b). */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string[] } {
  const words = args.trim().split(/\s+/);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [key = '', value = 'true'] = words.shift()!.slice(2).split('=');
    flags[key] = value;
  }
  return { flags, rest: words };
}

/** ENV a=1 b=2 (and the legacy `ENV a 1`) as a record. */
export function envOf(args: string): Record<string, string> {
  const trimmed = args.trim();
  if (!trimmed.includes('=')) {
    const [key = '', ...value] = trimmed.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const match of trimmed.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
    env[match[1]!] = match[3] ?? match[2]!;
  }
  return env;
}

/** HEALTHCHECK --interval=30s ... CMD [...]: its options and command. */
export function healthcheckOf(args: string): { options: Record<string, string>; command: string[] } {
  const index = args.search(/\bCMD\b/);
  if (index < 0) throw new Error(`HEALTHCHECK without CMD: ${args}`);
  const { flags } = splitFlags(args.slice(0, index) || '');
  return { options: flags, command: commandOf(args.slice(index + 3)) };
}

/** .dockerignore as a predicate on context-relative paths (the subset of its syntax we use: no negation). */
export function dockerignore(text: string): (path: string) => boolean {
  const patterns = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (patterns.some((p) => p.startsWith('!')))
    throw new Error('negated .dockerignore patterns are not supported here');
  const regexes = patterns.map((pattern) => {
    const body = pattern
      .replace(/^\/+/, '')
      .split('/')
      .map((segment) =>
        segment === '**'
          ? '(?:.*/)?'
          : `${segment
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]')}/`,
      )
      .join('');
    // A pattern matches the path itself or anything under it.
    return new RegExp(`^${body.replace(/\/$/, '')}(?:/.*)?$`);
  });
  return (path: string) => regexes.some((r) => r.test(path.replace(/^\.\//, '')));
}
