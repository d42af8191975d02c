import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { start, type Proc } from './processes.js';

export type Replica = { name: string; zone: 'a' | 'b'; services: string; port: number };

/** Installs Debian's haproxy when missing (CI images install it the same way). */
export function ensureHaproxy(): string {
  try {
    return execFileSync('which', ['haproxy']).toString().trim();
  } catch {
    process.stdout.write('drill: installing haproxy (apt-get install -y haproxy)\n');
    execFileSync('apt-get', ['install', '-y', 'haproxy'], { stdio: 'ignore' });
    return execFileSync('which', ['haproxy']).toString().trim();
  }
}

/**
 * The load balancer of both zones, as the ALB is on AWS: routes by path to the service that owns
 * it, checks /health/ready every 500 ms, and retries a request another replica could answer (a
 * refused connection, an empty answer, a 503) — safe for POSTs because they carry an
 * Idempotency-Key. A second frontend sends database connections to whichever node says it is the
 * primary (the role check), and cuts the sessions of a node that stops being it.
 */
export function haproxyConfig(o: {
  httpPort: number;
  dbPort: number;
  replicas: Replica[];
  pg: { name: string; port: number; checkPort: number }[];
}): string {
  const backend = (service: string) => {
    const servers = o.replicas
      .filter((r) => r.services === service)
      .map((r) => `  server ${r.name} 127.0.0.1:${r.port} check inter 500 fall 2 rise 2 observe layer7`)
      .join('\n');
    return `backend be_${service}
  option httpchk GET /health/ready
  http-check expect status 200
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout 503
${servers}
`;
  };
  const pgServers = o.pg
    .map(
      (n) =>
        `  server ${n.name} 127.0.0.1:${n.port} check port ${n.checkPort} inter 500 fall 2 rise 1 on-marked-down shutdown-sessions`,
    )
    .join('\n');
  return `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout check 1s

frontend api
  mode http
  bind 127.0.0.1:${o.httpPort}
  option http-buffer-request
  acl patients path_beg /api/patients
  acl appointments path_beg /api/appointments /api/practitioners
  use_backend be_patients if patients
  use_backend be_appointments if appointments
  default_backend be_core

${backend('patients')}
${backend('appointments')}
${backend('core')}

listen postgres
  mode tcp
  bind 127.0.0.1:${o.dbPort}
  timeout client 1h
  timeout server 1h
  option httpchk GET /
  http-check expect status 200
${pgServers}
`;
}

export function startHaproxy(bin: string, file: string, config: string, log: string): Proc {
  writeFileSync(file, config);
  return start('haproxy', bin, ['-f', file, '-db'], { log });
}
