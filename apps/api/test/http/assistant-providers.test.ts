import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type { AssistantAnswer, AssistantServerFrame, DocumentMeta, Patient } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { makePdf, multipart } from '../support/documents.js';
import { createPatient } from '../support/factories.js';
import { startOpenAiServer } from '../support/openai-server.js';
import { connect } from '../support/ws.js';

const PIECES = ['The lipid panel ', 'shows total cholesterol ', 'above the desirable range [1].'];

/** A patient whose identifiers appear in the question and in their own document. */
async function setUp(ctx: TestContext) {
  const patient = await createPatient(ctx, {
    givenName: 'Henrietta',
    familyName: 'Lacks',
    birthDate: '1951-08-01',
  });
  const pdf = makePdf([
    [
      `Lipid panel for Henrietta Lacks, born 08/01/1951, MRN ${patient.mrn}, phone +1 410 555 0199.`,
      'Total cholesterol 212 mg/dL, above the desirable range.',
    ],
  ]);
  const url = `/api/patients/${patient.id}/documents`;
  const res = await ctx.inject({
    method: 'POST',
    url,
    ...multipart({ name: 'lipids.pdf', type: 'application/pdf', bytes: pdf }),
  });
  const doc = res.json<DocumentMeta>();
  await vi.waitFor(
    async () => expect((await ctx.inject(`${url}/${doc.id}`)).json()).toMatchObject({ textStatus: 'done' }),
    {
      timeout: 15_000,
      interval: 50,
    },
  );
  return { patient, doc };
}

const QUESTION = (p: Patient) =>
  `My patient ${p.givenName} ${p.familyName} (born 1 August 1951, MRN ${p.mrn}, phone +1 410 555 0199, ` +
  `email henrietta.lacks@example.org) asks: what does the lipid panel say about cholesterol?`;

function expectScrubbed(sent: string, p: Patient) {
  for (const secret of [
    p.givenName,
    p.familyName,
    p.mrn,
    '1951',
    '08/01',
    '555 0199',
    '410',
    'henrietta.lacks@example.org',
  ]) {
    expect(sent, `leaked ${secret}`).not.toContain(secret);
  }
  for (const placeholder of [
    '[PATIENT_1_GIVEN]',
    '[PATIENT_1_FAMILY]',
    '[PATIENT_1_BIRTH_DATE]',
    '[PATIENT_1_MRN]',
    '[PHONE_1]',
    '[EMAIL_1]',
  ])
    expect(sent).toContain(placeholder);
  expect(sent).not.toContain('example.org');
  expect(sent).toContain('Total cholesterol 212 mg/dL');
}

describe('an OpenAI-compatible provider (a real HTTP server streaming SSE)', () => {
  let llm: Awaited<ReturnType<typeof startOpenAiServer>>;
  let ctx: TestContext;
  let base: string;
  let clinician: Caller;
  let patient: Patient;
  let doc: DocumentMeta;

  beforeAll(async () => {
    llm = await startOpenAiServer(PIECES);
    ctx = await createTestApp({
      config: {
        assistant: {
          wsPingIntervalMs: 30_000,
          timeoutMs: 400,
          provider: { kind: 'openai', baseUrl: llm.baseUrl, model: 'test-model' },
          embeddings: { kind: 'none' },
        },
      },
    });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    clinician = await ctx.as('clinician');
    ({ patient, doc } = await setUp(ctx));
  });
  afterAll(async () => {
    await ctx.close();
    await llm.stop();
  });
  afterEach(() => llm.behave('answer'));

  it('streams the model’s pieces in order over the socket, cites what it cited, and sends it no identifiers', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    socket.send({ type: 'ask', id: 'q', message: QUESTION(patient), patientId: patient.id });
    const done = (await socket.until((f) => f.type === 'done')) as Extract<
      AssistantServerFrame,
      { type: 'done' }
    >;
    const turn = socket.frames.filter((f) => 'id' in f && f.id === 'q');
    expect(turn.map((f) => f.type)).toEqual(['start', 'token', 'token', 'token', 'done']);
    expect(turn.slice(1, -1).map((f) => (f as { text: string }).text)).toEqual(PIECES);
    expect(done).toMatchObject({ provider: 'openai', answer: PIECES.join('') });
    expect(done.citations).toEqual([
      expect.objectContaining({ documentId: doc.id, page: 1, patientId: patient.id }),
    ]);
    socket.ws.close();

    const sent = llm.requests.at(-1)!;
    expect(sent).toMatchObject({ model: 'test-model', stream: true });
    // The passages travel in the user turn as data; the system message holds instructions only.
    expect(sent.messages[0]!.content).not.toContain('cholesterol 212');
    expect(sent.messages.at(-1)!.content).toMatch(/^<context [^]*<source id="1"[^]*Total cholesterol 212/);
    expectScrubbed(JSON.stringify(sent), patient);
  });

  it('never calls the model for a red flag', async () => {
    const before = llm.requests.length;
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: 'crushing chest pain' },
    });
    expect(res.json<AssistantAnswer>()).toMatchObject({ provider: 'guardrail' });
    expect(llm.requests.length).toBe(before);
  });

  it('gives up on a stalled model with a clear message: 504 over REST, an error frame on the socket', async () => {
    llm.behave('stall');
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: 'cholesterol' },
    });
    expect(res.statusCode).toBe(504);
    expect(res.json()).toMatchObject({
      code: 'ASSISTANT_TIMEOUT',
      message: expect.stringMatching(/did not answer within/),
    });

    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    socket.send({ type: 'ask', id: 't', message: 'cholesterol' });
    expect(await socket.until((f) => f.type === 'error')).toMatchObject({
      id: 't',
      code: 'ASSISTANT_TIMEOUT',
    });
    socket.ws.close();
  });

  it('turns a failing model into 502 ASSISTANT_PROVIDER_FAILED', async () => {
    llm.behave('fail');
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: 'cholesterol' },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'ASSISTANT_PROVIDER_FAILED' });
  });
});

describe('the Bedrock provider (at the SDK boundary, aws-sdk-client-mock)', () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  let ctx: TestContext;
  let clinician: Caller;
  let patient: Patient;

  beforeAll(async () => {
    ctx = await createTestApp({
      config: {
        assistant: {
          wsPingIntervalMs: 30_000,
          timeoutMs: 2_000,
          provider: { kind: 'bedrock', modelId: 'anthropic.claude-test', region: 'us-east-1' },
          embeddings: { kind: 'none' },
        },
      },
    });
    clinician = await ctx.as('clinician');
    ({ patient } = await setUp(ctx));
  });
  afterAll(async () => {
    bedrock.restore();
    await ctx.close();
  });

  it('sends a ConverseStream request with the guardrails and scrubbed context, and joins the streamed deltas', async () => {
    bedrock.on(ConverseStreamCommand).resolves({
      stream: Readable.from(
        PIECES.map((text) => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } })),
      ) as never,
    });
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: QUESTION(patient), patientId: patient.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AssistantAnswer>()).toMatchObject({ provider: 'bedrock', answer: PIECES.join('') });
    const [call] = bedrock.commandCalls(ConverseStreamCommand);
    const input = call!.args[0].input;
    expect(input.modelId).toBe('anthropic.claude-test');
    expect(input.system?.[0]?.text).toMatch(/never diagnose, never prescribe/);
    expect(input.messages?.at(-1)).toMatchObject({ role: 'user' });
    expectScrubbed(JSON.stringify(input), patient);
  });

  it('reports a failing model as ASSISTANT_PROVIDER_FAILED', async () => {
    bedrock.on(ConverseStreamCommand).rejects(new Error('ThrottlingException'));
    const res = await clinician({
      method: 'POST',
      url: '/api/assistant/messages',
      payload: { message: 'cholesterol' },
    });
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'ASSISTANT_PROVIDER_FAILED' });
  });
});
