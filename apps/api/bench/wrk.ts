// wrk (Debian's package) as the load generator: C, its own process, cheap on a 2-core machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Load = {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
};

/** Checks for wrk and installs it from Debian when it is missing and we may (root). */
export function ensureWrk(): void {
  if (spawnSync('wrk', ['-v']).error === undefined) return;
  if (process.getuid?.() !== 0) throw new Error('the bench needs wrk: apt-get install -y wrk');
  console.log('installing wrk (apt-get install -y wrk)…');
  execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
}

/** Prints one JSON line at the end of a run: requests, latency percentiles (µs), non-2xx, socket errors. */
const DONE = `
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"us":%d,"p50":%d,"p99":%d,"non2xx":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
`;

/** Runs wrk with a Lua `request` body (or none: the URL as is) and reads its RESULT line. */
export function wrk(
  dir: string,
  name: string,
  url: string,
  opts: { lua?: string; seconds: number; connections: number; env?: Record<string, string> },
): Load {
  const script = join(dir, `${name}.lua`);
  writeFileSync(script, `${opts.lua ?? ''}\n${DONE}`);
  const out = execFileSync(
    'wrk',
    ['-t2', `-c${opts.connections}`, `-d${opts.seconds}s`, '--timeout', '5s', '-s', script, url],
    { env: { ...process.env, ...opts.env }, encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  const r = JSON.parse(line.slice(7)) as Record<string, number>;
  return {
    requests: r.requests!,
    rps: r.requests! / (r.us! / 1e6),
    p50: r.p50! / 1000,
    p99: r.p99! / 1000,
    non2xx: r.non2xx!,
    errors: r.errors!,
  };
}

/** Lua: the signed-in header, and a per-thread id so generated values never collide across threads. */
export const SIGNED_IN = `
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args)
  wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
  n_patients = tonumber(os.getenv("BENCH_PATIENTS"))
  math.randomseed(os.time() + (tid or 0))
end
function patient_id(n) return string.format("00000000-0000-4000-8000-%012x", n) end
`;
