import { randomUUID } from 'node:crypto';
import { sleep } from './processes.js';

/** One HTTP attempt as the client saw it. */
export type Attempt = { at: number; ms: number; status: number; write: boolean };
/** What the client was told had been stored, and under which name. */
export type Ack = { id: string; givenName: string };

const TRANSIENT = new Set([0, 408, 429, 500, 502, 503, 504]);

/**
 * A steady mixed load, as the clinic's front desks make it: half creates (POST /api/patients with an
 * Idempotency-Key), half reads (a known patient, the practitioner list). Every operation is retried
 * with the same key until it succeeds or its budget (20 s) runs out, as a real client would;
 * every attempt is recorded, and every acknowledged write is kept for the final check.
 */
export class Load {
  readonly attempts: Attempt[] = [];
  readonly acks: Ack[] = [];
  /** When each acknowledgement arrived (same index as acks). */
  readonly ackTimes: number[] = [];
  /** Operations that never succeeded, with their last status. */
  readonly failed: { at: number; status: number; write: boolean }[] = [];
  /** Writes whose answer was lost (409 IDEMPOTENCY_RESPONSE_LOST): stored, id known from Location. */
  lostAnswers = 0;
  private running = false;
  private workers: Promise<void>[] = [];
  private token = '';

  constructor(
    private readonly baseUrl: string,
    private readonly admin: { email: string; password: string },
    private readonly concurrency = 6,
  ) {}

  async start() {
    await this.login();
    this.running = true;
    this.workers = Array.from({ length: this.concurrency }, (_, i) => this.worker(i));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async login() {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${this.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(this.admin),
        signal: AbortSignal.timeout(5_000),
      }).catch(() => undefined);
      if (res?.ok) {
        this.token = ((await res.json()) as { accessToken: string }).accessToken;
        return;
      }
      await sleep(200);
    }
    throw new Error('drill: could not sign in');
  }

  private async worker(n: number) {
    let i = 0;
    while (this.running) {
      i++;
      if ((i + n) % 2 === 0) await this.write();
      else await this.read(i);
      await sleep(20);
    }
  }

  private async write() {
    const givenName = `Drill${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const body = JSON.stringify({
      givenName,
      familyName: 'Loadtest',
      birthDate: '1970-01-01',
      sex: 'unknown',
    });
    const res = await this.attempt(true, '/api/patients?allowDuplicate=true', { method: 'POST', body, key });
    if (res.status === 201) {
      this.acks.push({ id: (res.json as { id: string }).id, givenName });
      this.ackTimes.push(Date.now());
    } else if (res.code === 'IDEMPOTENCY_RESPONSE_LOST' && res.location) {
      this.lostAnswers++;
      this.acks.push({ id: res.location.split('/').pop()!, givenName });
      this.ackTimes.push(Date.now());
    }
  }

  private async read(i: number) {
    const known = this.acks[Math.floor(Math.random() * this.acks.length)];
    const path = known && i % 3 !== 0 ? `/api/patients/${known.id}` : '/api/practitioners?limit=5';
    await this.attempt(false, path, { method: 'GET' });
  }

  /** One operation: attempts until success or a final answer, within a 20 s budget. */
  private async attempt(
    write: boolean,
    path: string,
    init: { method: string; body?: string; key?: string },
  ): Promise<{ status: number; json?: unknown; code?: string; location?: string }> {
    const deadline = Date.now() + 20_000;
    let last = 0;
    for (;;) {
      const at = Date.now();
      let status = 0;
      let json: unknown;
      let location: string | undefined;
      let retryAfter = 0;
      try {
        const res = await fetch(`${this.baseUrl}${path}`, {
          method: init.method,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(init.body ? { 'content-type': 'application/json' } : {}),
            ...(init.key ? { 'idempotency-key': init.key } : {}),
          },
          body: init.body,
          signal: AbortSignal.timeout(10_000),
        });
        status = res.status;
        location = res.headers.get('location') ?? undefined;
        retryAfter = Number(res.headers.get('retry-after') ?? 0);
        json = await res.json().catch(() => undefined);
      } catch {
        status = 0; // no answer: refused, reset, or timed out
      }
      this.attempts.push({ at, ms: Date.now() - at, status, write });
      last = status;
      const code = (json as { code?: string } | undefined)?.code;
      if (status === 401) await this.login().catch(() => {});
      const again =
        TRANSIENT.has(status) || status === 401 || (status === 409 && code === 'IDEMPOTENCY_KEY_IN_USE');
      if (!again) {
        if (status >= 300 && code !== 'IDEMPOTENCY_RESPONSE_LOST') this.failed.push({ at, status, write });
        return { status, json, code, location };
      }
      if (Date.now() > deadline) {
        this.failed.push({ at, status: last, write });
        return { status };
      }
      await sleep(Math.min(1_000, Math.max(100, retryAfter * 1000 * 0.25)));
    }
  }
}
