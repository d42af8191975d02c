import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { patientInput } from '../support/factories.js';
import {
  freePort,
  startServerProcess,
  SERVER_PROCESS_TIMEOUT_MS,
  FIRST_ADMIN,
  signInFirstAdmin,
} from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'medicare-process-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it(
  'on SIGTERM finishes the request in flight, then exits 0',
  async () => {
    const port = await freePort();
    const server = await startServerProcess({
      PORT: String(port),
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      ...FIRST_ADMIN,
    });
    const accessToken = await signInFirstAdmin(server.url);
    const body = JSON.stringify(patientInput());

    // Send the headers and wait for 100-continue: the server is now handling the request. Then
    // SIGTERM, and only once the server says it is closing, the body. The request must still succeed.
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/api/patients',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            expect: '100-continue',
            authorization: `Bearer ${accessToken}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.on('continue', () => {
        server.child.kill('SIGTERM');
        void server.waitForLog('closing: finishing in-flight requests').then(() => req.end(body));
      });
      req.flushHeaders();
    });
    const result = await answered;
    expect(result.status, result.text).toBe(201);
    expect(await server.exited, server.logs.join('\n')).toBe(0);
    expect(server.logs.some((l) => l.includes('closing: finishing in-flight requests'))).toBe(true);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);

it(
  'refuses to start on a bad configuration, one line per variable',
  async () => {
    await expect(
      startServerProcess({ PORT: 'eighty', SERVICES: 'billing', DATA_DIR: dataDir }),
    ).rejects.toThrow(/PORT: .*\n.*SERVICES: /s);
  },
  SERVER_PROCESS_TIMEOUT_MS,
);
