import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Value from 'typebox/value';
import { ErrorBody } from '@medicare/contracts';

/** What must never reach a client: stack frames, paths of our code, SQL and driver messages. */
export const LEAKS: [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]+ \((?:file:\/\/)?\/[^)]*:\d+:\d+\)|\n\s+at \S+/],
  ['node_modules', /node_modules/],
  ['source path', /\/(?:apps|src)\/[\w/-]+\.(?:ts|js)\b/],
  ['SQL', /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM) [\w"*]/],
  ['SQL error', /syntax error|violates|invalid input syntax|duplicate key|relation "|column "/i],
  ['PostgreSQL', /\bpg_|PGlite|postgres/i],
  ['ORM', /drizzle/i],
];

/**
 * Why a response is wrong, or undefined when it is fine. A leak pattern that the request itself
 * carried (an echoed path, a name) is not a leak.
 */
export function verdict(
  request: { url: string; payload?: string | Buffer; headers: Record<string, string> },
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
): string | undefined {
  const { statusCode: status, body } = response;
  if (status >= 500) return `${status}`;
  const sent = [
    safeDecode(request.url),
    String(request.payload ?? ''),
    ...Object.values(request.headers),
  ].join('\n');
  for (const [what, re] of LEAKS) {
    const hit = re.exec(body);
    if (hit && !sent.includes(hit[0].trim())) return `leaks ${what}: ${JSON.stringify(hit[0])}`;
  }
  if (status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${status} body is not JSON`;
    }
    const type = String(response.headers['content-type'] ?? '');
    if (request.url.startsWith('/fhir/')) {
      // The FHIR facade says the same error as an OperationOutcome (modules/fhir/outcome.ts).
      if (!isOutcome(parsed)) return `${status} body is not an OperationOutcome`;
      if (!/^application\/(fhir\+)?json/.test(type)) return `${status} content-type ${type}`;
    } else {
      if (!Value.Check(ErrorBody, parsed)) return `${status} body is not the error shape`;
      if (!type.startsWith('application/json')) return `${status} content-type ${type}`;
    }
  }
  if (!response.headers['x-request-id']) return 'no x-request-id';
  return undefined;
}

/** An OperationOutcome carrying this API's error code, as every /fhir error is. */
function isOutcome(body: unknown): boolean {
  const outcome = body as {
    resourceType?: unknown;
    issue?: { details?: { coding?: { code?: unknown }[] } }[];
  };
  return (
    outcome?.resourceType === 'OperationOutcome' &&
    Array.isArray(outcome.issue) &&
    outcome.issue.length > 0 &&
    outcome.issue.every((i) => typeof i.details?.coding?.[0]?.code === 'string')
  );
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

export type Failure = {
  operation: string;
  role: string;
  seed: number;
  index: number;
  reason: string;
  request: string;
  response: string;
};

export const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Counts for the closing note: requests, statuses overall and per operation. */
export class Tally {
  requests = 0;
  statuses: Record<string, number> = {};
  operations: Record<string, Record<string, number>> = {};
  failures: Failure[] = [];

  /** One outcome (an HTTP status, a close code) of `requests` requests or frames. */
  count(operation: string, status: number | string, requests = 1) {
    this.requests += requests;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    const op = (this.operations[operation] ??= {});
    op[status] = (op[status] ?? 0) + 1;
  }

  /** Merges this run into test-results/fuzz/summary.json under `key` (one key per engine and suite). */
  write(key: string, extra: Record<string, unknown> = {}) {
    const dir = fileURLToPath(new URL('../../../../../test-results/fuzz/', import.meta.url));
    const file = `${dir}summary.json`;
    mkdirSync(dir, { recursive: true });
    let all: Record<string, unknown> = {};
    try {
      all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      // first writer
    }
    all[key] = {
      at: new Date().toISOString(),
      requests: this.requests,
      statuses: this.statuses,
      fiveHundreds: Object.entries(this.statuses).reduce((n, [s, c]) => (Number(s) >= 500 ? n + c : n), 0),
      failures: this.failures.length,
      ...extra,
      failureKinds: this.failures.reduce<Record<string, number>>((kinds, f) => {
        const kind = `${f.operation} | ${f.reason.replace(/: .*/, '')}`;
        kinds[kind] = (kinds[kind] ?? 0) + 1;
        return kinds;
      }, {}),
      failureSamples: this.failures.slice(0, 200),
      operations: this.operations,
    };
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    return file;
  }
}

/** A stable 32-bit seed per (base seed, operation, role), so one operation's runs do not move another's. */
export function seedFor(base: number, ...parts: string[]): number {
  let h = 2166136261 ^ base;
  for (const c of parts.join('|')) {
    h ^= c.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return h | 0;
}
