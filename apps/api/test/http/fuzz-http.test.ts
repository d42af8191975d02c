import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { mockClient } from 'aws-sdk-client-mock';
import { PollyClient, SynthesizeSpeechCommand } from '@aws-sdk/client-polly';
import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
  type StartStreamTranscriptionCommandInput,
} from '@aws-sdk/client-transcribe-streaming';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentMeta } from '@medicare/contracts';
import { ROLES } from '../../src/db/schema/users.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { makePdf, multipart } from '../support/documents.js';
import { bookAppointment, createPatient, createPractitioner, slot } from '../support/factories.js';
import { clip, seedFor, Tally, verdict, type Failure } from '../support/fuzz/oracle.js';
import {
  anonymousAuthArb,
  idPoolFor,
  operationsOf,
  requestArb,
  type Fixtures,
  type Operation,
} from '../support/fuzz/requests.js';

/**
 * The API attacks itself: for every operation of its own OpenAPI document and every role plus
 * nobody, RUNS generated requests (valid, boundary, wrong types, missing and extra fields, NUL, lone
 * surrogates, U+202E, 10,000-character strings, forged cursors, odd headers, other patients' ids,
 * random UUIDs). No 5xx, the one error body on every 4xx, nothing internal in any body, and the
 * server alive at the end. Deterministic from FUZZ_SEED (printed with every failure); replay one
 * operation with FUZZ_SEED=<seed> FUZZ_OP='<METHOD> <path>'.
 */
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const ONLY = process.env.FUZZ_OP;
const SHOW = 15;

const CALLERS = ['anonymous', ...ROLES] as const;
type CallerName = (typeof CALLERS)[number];

const polly = mockClient(PollyClient);
const transcribe = mockClient(TranscribeStreamingClient);
const tally = new Tally();
let ctx: TestContext;
let operations: Operation[];
const fixtures: Fixtures = {
  patients: [],
  observations: [],
  documents: [],
  knowledge: [],
  appointments: [],
  practitioners: [],
  users: [],
  conversations: [],
};

/** Reads first, then writes, then deletes: deleting the fixtures early would turn the rest into 404s. */
const ORDER = { GET: 0, POST: 1, PUT: 2, PATCH: 2, DELETE: 3 } as Record<string, number>;
const byOrder = (a: Operation, b: Operation) => (ORDER[a.method] ?? 1) - (ORDER[b.method] ?? 1);

beforeAll(async () => {
  polly.on(SynthesizeSpeechCommand).callsFake(async () => ({
    AudioStream: Readable.from([Buffer.from([0x49, 0x44, 0x33, 0x04])]) as never,
  }));
  transcribe
    .on(StartStreamTranscriptionCommand)
    .callsFake(async (input: StartStreamTranscriptionCommandInput) => {
      for await (const _ of input.AudioStream!) void _;
      return {
        TranscriptResultStream: Readable.from([
          {
            TranscriptEvent: {
              Transcript: { Results: [{ IsPartial: false, Alternatives: [{ Transcript: 'hello' }] }] },
            },
          },
        ]),
      };
    });
  ctx = await createTestApp({
    config: {
      rateLimitPerMinute: 1_000_000,
      voice: { kind: 'aws', region: 'us-east-1', voiceId: 'Joanna', language: 'en-US' },
    },
  });
  const doc = ctx.app.swagger() as Parameters<typeof operationsOf>[0];
  operations = operationsOf(doc)
    .filter((op) => !ONLY || op.key === ONLY)
    .sort(byOrder);

  // Real rows, so generated ids sometimes hit them: patient A (the patient callers' own), B and C.
  const admin = ctx.inject;
  const [a, b, c] = [await createPatient(ctx), await createPatient(ctx), await createPatient(ctx)];
  fixtures.patients.push(a.id, b.id, c.id);
  const practitioner = await createPractitioner(ctx);
  fixtures.practitioners.push(practitioner.id);
  for (const [i, p] of [a, b].entries()) {
    const appt = await bookAppointment(ctx, {
      patientId: p.id,
      practitionerId: practitioner.id,
      ...slot(i + 1, 10),
    });
    fixtures.appointments.push(appt.id);
    const obs = await admin({
      method: 'POST',
      url: `/api/patients/${p.id}/observations`,
      payload: { code: '8480-6', value: 128, unit: 'mm[Hg]', effectiveAt: new Date().toISOString() },
    });
    expect(obs.statusCode, obs.body).toBe(201);
    fixtures.observations.push(obs.json<{ id: string }>().id);
    const up = await admin({
      method: 'POST',
      url: `/api/patients/${p.id}/documents`,
      ...multipart({ name: 'lab.pdf', type: 'application/pdf', bytes: makePdf([['Lipid panel']]) }),
    });
    expect(up.statusCode, up.body).toBe(201);
    fixtures.documents.push(up.json<DocumentMeta>().id);
  }
  const leaflet = await admin({
    method: 'POST',
    url: '/api/knowledge/documents',
    ...multipart({
      name: 'leaflet.pdf',
      type: 'application/pdf',
      bytes: makePdf([['Salt raises blood pressure']]),
    }),
  });
  expect(leaflet.statusCode, leaflet.body).toBe(201);
  fixtures.knowledge.push(leaflet.json<DocumentMeta>().id);
  const patientA = await ctx.as('patient', a.id);
  const asked = await patientA({
    method: 'POST',
    url: '/api/assistant/messages',
    payload: { message: 'What is salt?' },
  });
  expect(asked.statusCode, asked.body).toBe(200);
  fixtures.conversations.push(asked.json<{ conversationId: string }>().conversationId);
  // Users the fuzzer may edit or deactivate: never the callers themselves.
  for (const role of ROLES)
    fixtures.users.push((await ctx.as(role, role === 'patient' ? b.id : undefined)).userId);
}, 120_000);

afterAll(async () => {
  const health = await ctx.app.inject('/health');
  const file = tally.write(`http:${process.env.TEST_DB ?? 'pglite'}`, {
    seed: BASE_SEED,
    runsPerOperationAndCaller: RUNS,
    only: ONLY ?? null,
    operations: operations.length,
    callers: CALLERS,
  });
  console.log(
    `fuzz http (${process.env.TEST_DB}): ${tally.requests} requests, statuses ${JSON.stringify(tally.statuses)}, ` +
      `${tally.failures.length} failures, seed ${BASE_SEED}; summary in ${file}`,
  );
  polly.restore();
  transcribe.restore();
  await ctx.close();
  expect(health.statusCode).toBe(200);
});

/** Sends RUNS generated requests for one operation as one caller; returns what went wrong. */
async function attack(op: Operation, who: CallerName): Promise<Failure[]> {
  const caller = who === 'anonymous' ? undefined : await ctx.as(who, fixtures.patients[0]);
  const seed = seedFor(BASE_SEED, op.key, who);
  const arb = fc.tuple(requestArb(op, idPoolFor(op.path, fixtures)), anonymousAuthArb);
  const samples = fc.sample(arb, { seed, numRuns: RUNS });
  const failures: Failure[] = [];
  for (const [index, [req, anonymousAuth]] of samples.entries()) {
    const headers = { ...req.headers };
    if (caller) headers.authorization = `Bearer ${caller.token}`;
    else if (anonymousAuth) headers.authorization = anonymousAuth;
    let res;
    try {
      res = await ctx.app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers,
        payload: req.payload,
        remoteAddress: `10.${index % 250}.0.1`,
      });
    } catch (error) {
      failures.push(failure(op, who, seed, index, `inject threw: ${String(error)}`, req, '(none)'));
      continue;
    }
    tally.count(op.key, res.statusCode);
    const wrong = verdict({ ...req, headers }, res);
    if (wrong)
      failures.push(failure(op, who, seed, index, wrong, req, `${res.statusCode} ${clip(res.body)}`));
  }
  return failures;
}

function failure(
  op: Operation,
  who: CallerName,
  seed: number,
  index: number,
  reason: string,
  req: {
    variant: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string | Buffer;
  },
  response: string,
): Failure {
  const payload =
    typeof req.payload === 'string'
      ? JSON.stringify(clip(req.payload, 200))
      : `${req.payload?.length ?? 0} bytes`;
  const request = `[${req.variant}] ${req.method} ${clip(req.url, 600)} headers=${clip(JSON.stringify(req.headers), 200)} body=${payload}`;
  return { operation: op.key, role: who, seed, index, reason, request, response };
}

const keys = operationsOfNames();

describe(`fuzz: every operation × every caller, ${RUNS} generated requests each (FUZZ_SEED=${BASE_SEED})`, () => {
  it('reads the operations from the app’s own OpenAPI document (the checked-in copy names the tests)', () => {
    expect(operations.map((o) => o.key)).toEqual(keys);
    expect(operations.length).toBeGreaterThan(ONLY ? 0 : 40);
  });

  // One test per operation (its name says which); the callers run inside it in a fixed order.
  for (const key of keys) {
    it(
      key,
      async () => {
        const op = operations.find((o) => o.key === key);
        if (!op) return;
        const found: Failure[] = [];
        for (const who of CALLERS) found.push(...(await attack(op, who)));
        tally.failures.push(...found);
        const health = await ctx.app.inject('/health');
        expect(health.statusCode, 'the server answers /health after the attack').toBe(200);
        const report = found
          .slice(0, SHOW)
          .map(
            (f) =>
              `  ${f.role} #${f.index} (seed ${f.seed}): ${f.reason}\n    request:  ${f.request}\n    response: ${f.response}`,
          )
          .join('\n');
        expect(
          found.length,
          `${found.length} bad responses for ${key} (FUZZ_SEED=${BASE_SEED}); first ${Math.min(SHOW, found.length)}:\n${report}`,
        ).toBe(0);
      },
      300_000,
    );
  }
});

/**
 * The operation names, known before the app is built so each gets its own named test. They come
 * from the checked-in OpenAPI document, which CI keeps equal to the app's (`check:generated`);
 * the test above still sends what the running app's document says.
 */
function operationsOfNames(): string[] {
  const file = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));
  return operationsOf(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof operationsOf>[0])
    .filter((op) => !ONLY || op.key === ONLY)
    .sort(byOrder)
    .map((op) => op.key);
}
