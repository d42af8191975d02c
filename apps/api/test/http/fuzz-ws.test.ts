import { once } from 'node:events';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '@medicare/contracts';
import { createTestApp, type TestContext } from '../support/app.js';
import { createPatient } from '../support/factories.js';
import { clip, LEAKS, seedFor, Tally } from '../support/fuzz/oracle.js';
import { hostileStrings, hostileValueArb } from '../support/fuzz/schema.js';
import { connect } from '../support/ws.js';

/**
 * /ws attacked the same way: sockets anonymous, signed in by subprotocol and signed in by a first
 * frame, each sent a burst of generated frames (any JSON value, wrong types, hostile text, binary,
 * oversized). Only frames of the protocol and our close codes come back, nothing throws past the
 * socket handler, and the server still answers /health and new sockets afterwards.
 */
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const SOCKETS = Number(process.env.FUZZ_RUNS ?? 100) / 2;
const MODES = ['anonymous', 'protocol:admin', 'protocol:patient', 'auth-frame:clinician'] as const;
type Mode = (typeof MODES)[number];

/** Close codes a client may see: normal, going away, policy, too big, and the protocol's own. */
const CLOSE_CODES = new Set<number>([1000, 1001, 1005, 1008, 1009, ...Object.values(WS_CLOSE)]);
const FRAME_TYPES = new Set(['ready', 'start', 'token', 'done', 'error']);

let ctx: TestContext;
let base: string;
let patientId: string;
const tokens: Record<string, string> = {};
const tally = new Tally();
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

/** One client frame: text (JSON or not), binary, or far past the size limit. */
const frameArb = (ids: string[]): fc.Arbitrary<{ kind: string; data: string | Buffer }> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: 'json', data: JSON.stringify(v) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom('null', 'true', '0', '"ask"', '[]', '[{"type":"ask"}]', '{}', '{"type":null}')
        .map((data) => ({ kind: 'json-literal', data })),
    },
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            type: fc.oneof(
              fc.constantFrom<unknown>('ask', 'ask', 'auth', 'ping', 'ready', 'error'),
              hostileValueArb,
            ),
            id: fc.oneof(fc.uuid(), hostileValueArb),
            message: fc.oneof(
              fc.constantFrom('What lowers blood pressure?', ...hostileStrings),
              hostileValueArb,
            ),
            patientId: fc.oneof(fc.constantFrom(...ids), fc.uuid(), hostileValueArb),
            conversationId: fc.oneof(fc.uuid(), hostileValueArb),
            token: fc.oneof(fc.constantFrom('x', 'a.b.c', ''), hostileValueArb),
            extra: hostileValueArb,
          },
          { requiredKeys: ['type'] },
        )
        .map((frame) => ({ kind: `frame:${String(frame.type).slice(0, 10)}`, data: JSON.stringify(frame) })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 50 }).map((data) => ({ kind: 'text', data })),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 256 }).map((b) => ({ kind: 'binary', data: Buffer.from(b) })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'big-binary', data: Buffer.alloc(70_000, 0x7b) },
        { kind: 'big-json', data: JSON.stringify({ type: 'ask', message: 'x'.repeat(70_000) }) },
        { kind: 'long-message', data: JSON.stringify({ type: 'ask', message: 'y'.repeat(10_000) }) },
      ),
    },
  );

beforeAll(async () => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  ctx = await createTestApp({ config: { rateLimitPerMinute: 1_000_000 } });
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  patientId = (await createPatient(ctx)).id;
  tokens.admin = ctx.inject.token;
  tokens.patient = (await ctx.as('patient', patientId)).token;
  tokens.clinician = (await ctx.as('clinician')).token;
});

afterAll(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  tally.write(`ws:${process.env.TEST_DB ?? 'pglite'}`, {
    seed: BASE_SEED,
    socketsPerMode: SOCKETS,
    modes: MODES,
  });
  console.log(
    `fuzz ws (${process.env.TEST_DB}): ${tally.requests} frames, outcomes ${JSON.stringify(tally.statuses)}, ` +
      `${tally.failures.length} failures, seed ${BASE_SEED}`,
  );
  await ctx.close();
});

/** Opens a socket the way `mode` says, sends the burst, then a sentinel, and collects what came back. */
async function session(mode: Mode, frames: { kind: string; data: string | Buffer }[]) {
  const [how, role] = mode.split(':') as [string, string | undefined];
  const protocols = how === 'protocol' ? ['medicare.v1', `bearer.${tokens[role!]}`] : ['medicare.v1'];
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, protocols);
  const received: string[] = [];
  ws.on('message', (data) => received.push(String(data)));
  const closed = once(ws, 'close').then(([code]) => code as number);
  ws.on('error', () => {});
  await Promise.race([once(ws, 'open'), closed]);
  if (ws.readyState === ws.OPEN) {
    if (how === 'auth-frame') {
      // Sign in by frame and wait for `ready`, as a client must; frames sent sooner would race it.
      ws.send(JSON.stringify({ type: 'auth', token: tokens[role!] }));
      const ready = new Promise<void>((resolve) => {
        const check = () => received.some((r) => r.includes('"ready"')) && resolve();
        ws.on('message', check);
        check();
      });
      await Promise.race([ready, closed]);
    }
    for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f.data);
    // A frame of no known type: answered with an error frame (signed in) or a 4401 close (not).
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'fuzz-end' }));
    const sentinel = new Promise<void>((resolve) => {
      const check = () => {
        if (received.some((r) => r.includes('Unknown frame type'))) resolve();
      };
      ws.on('message', check);
      check();
    });
    await Promise.race([sentinel, closed]);
    if (ws.readyState === ws.OPEN) ws.close(1000);
  }
  return { code: await closed, received };
}

describe(`fuzz /ws: ${SOCKETS} sockets per way in, bursts of generated frames (FUZZ_SEED=${BASE_SEED})`, () => {
  for (const mode of MODES) {
    it(
      mode,
      async () => {
        const seed = seedFor(BASE_SEED, 'ws', mode);
        const bursts = fc.sample(fc.array(frameArb([patientId]), { minLength: 1, maxLength: 12 }), {
          seed,
          numRuns: SOCKETS,
        });
        const failures: string[] = [];
        for (const [index, frames] of bursts.entries()) {
          const before = escaped.length;
          const { code, received } = await session(mode, frames);
          tally.count(mode, `close ${code}`, frames.length);
          const why: string[] = [];
          if (!CLOSE_CODES.has(code)) why.push(`closed with ${code}`);
          if (escaped.length > before) why.push(`threw past the handler: ${String(escaped.at(-1))}`);
          for (const text of received) {
            let frame: { type?: unknown; code?: unknown; message?: unknown };
            try {
              frame = JSON.parse(text) as typeof frame;
            } catch {
              why.push(`not JSON: ${clip(text, 100)}`);
              continue;
            }
            if (!FRAME_TYPES.has(String(frame.type))) why.push(`unknown frame type: ${clip(text, 100)}`);
            if (
              frame.type === 'error' &&
              (typeof frame.code !== 'string' || typeof frame.message !== 'string')
            )
              why.push(`error frame without code/message: ${clip(text, 100)}`);
            if (frame.type === 'error' && frame.code === 'INTERNAL') why.push(`INTERNAL error frame`);
            const sent = frames.map((f) => String(f.data)).join('\n');
            for (const [what, re] of LEAKS) {
              const hit = re.exec(text);
              if (hit && !sent.includes(hit[0].trim())) why.push(`leaks ${what}: ${hit[0]}`);
            }
          }
          if (why.length) {
            const sentFrames = frames.map((f) => `${f.kind} ${clip(String(f.data), 80)}`).join(' | ');
            failures.push(`  #${index} (seed ${seed}): ${why.join('; ')}\n    frames: ${sentFrames}`);
            tally.failures.push({
              operation: `/ws ${mode}`,
              role: mode,
              seed,
              index,
              reason: why.join('; '),
              request: sentFrames,
              response: received.map((r) => clip(r, 100)).join(' | '),
            });
          }
        }
        // Still alive: /health answers and a new socket signs in.
        expect((await fetch(`${base}/health`)).status).toBe(200);
        const fresh = await connect(base, ['medicare.v1', `bearer.${tokens.patient}`]);
        expect(await fresh.until((f) => f.type === 'ready')).toMatchObject({ type: 'ready' });
        fresh.ws.close();
        await fresh.closed;
        expect(
          failures.length,
          `${failures.length} bad sockets (FUZZ_SEED=${BASE_SEED}):\n${failures.slice(0, 15).join('\n')}`,
        ).toBe(0);
      },
      300_000,
    );
  }
});
