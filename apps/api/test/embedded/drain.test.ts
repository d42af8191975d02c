import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  freePort,
  startServerProcess,
  SERVER_PROCESS_TIMEOUT_MS,
  FIRST_ADMIN,
  signInFirstAdmin,
} from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'medicare-drain-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(
  'on SIGTERM turns readiness 503 first, keeps serving through the drain, then exits 0; metrics on their own port',
  async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const server = await startServerProcess({
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      SHUTDOWN_DRAIN_MS: '1500',
      ...FIRST_ADMIN,
    });
    const accessToken = await signInFirstAdmin(server.url);
    const auth = { authorization: `Bearer ${accessToken}` };
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    // The count is taken once the answer has gone out, so ask until it shows.
    const line = 'http_requests_total{method="POST",route="/api/auth/login",status="200"} 1';
    let text = '';
    for (let i = 0; i < 50 && !text.includes(line); i++) {
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      text = await metrics.text();
    }
    expect(text).toContain(line);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);

    server.child.kill('SIGTERM');
    await server.waitForLog('draining: readiness now fails');
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      code: 'NOT_READY',
      checks: { process: { message: 'draining' } },
    });
    // The load balancer has not noticed yet: requests still arriving are served.
    const during = await fetch(`${server.url}/api/patients`, { headers: auth });
    expect(during.status).toBe(200);
    expect(await server.exited, server.logs.join('\n')).toBe(0);
    const order = ['draining: readiness now fails', 'closing: finishing in-flight requests'].map((t) =>
      server.logs.findIndex((l) => l.includes(t)),
    );
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[0]).toBeLessThan(order[1]!);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);
