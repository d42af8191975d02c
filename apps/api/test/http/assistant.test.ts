import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  AssistantAnswer,
  AssistantServerFrame,
  ConversationWithMessages,
  DocumentMeta,
  Patient,
} from '@medicare/contracts';
import { signAccessToken } from '../../src/auth/tokens.js';
import { WS_CLOSE } from '@medicare/contracts';
import { createTestApp, testConfig, type Caller, type TestContext } from '../support/app.js';
import { auditOf } from '../support/audit.js';
import { makePdf, multipart } from '../support/documents.js';
import { createPatient } from '../support/factories.js';
import { connect } from '../support/ws.js';

const LEAFLET = [
  [
    'Blood pressure leaflet',
    'Lowering salt intake reduces blood pressure. Aim for less than 5 grams of salt a day.',
  ],
  ['Regular exercise such as brisk walking lowers systolic blood pressure over a few weeks.'],
];
const LAB = [['Lipid panel', 'Total cholesterol 212 mg/dL, above the desirable range of 200 mg/dL.']];

let ctx: TestContext;
let base: string;
let patient: Patient;
let leaflet: DocumentMeta;
let lab: DocumentMeta;
let clinician: Caller;

async function indexed(url: string, pdf: Buffer, caller: Caller = ctx.inject): Promise<DocumentMeta> {
  const res = await caller({
    method: 'POST',
    url,
    ...multipart({ name: 'doc.pdf', type: 'application/pdf', bytes: pdf }),
  });
  expect(res.statusCode, res.body).toBe(201);
  const doc = res.json<DocumentMeta>();
  const read = url.startsWith('/api/knowledge') ? `${url}/${doc.id}` : `${url}/${doc.id}`;
  await vi.waitFor(async () => expect((await caller(read)).json()).toMatchObject({ textStatus: 'done' }), {
    timeout: 15_000,
    interval: 50,
  });
  return doc;
}

const ask = (caller: Caller, body: object) =>
  caller({ method: 'POST', url: '/api/assistant/messages', payload: body });

/** The page of `pages` whose text holds the excerpt (ellipsis and the " · " between rows aside). */
const pageHolding = (pages: string[][], excerpt: string) =>
  pages.findIndex((lines) => lines.join(' ').includes(excerpt.replace(/…$/, '').replace(/ · /g, ' '))) + 1;

beforeAll(async () => {
  ctx = await createTestApp();
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  patient = await createPatient(ctx);
  clinician = await ctx.as('clinician');
  leaflet = await indexed('/api/knowledge/documents', makePdf(LEAFLET));
  lab = await indexed(`/api/patients/${patient.id}/documents`, makePdf(LAB));
  await ctx.inject({
    method: 'POST',
    url: `/api/patients/${patient.id}/observations`,
    payload: { code: '2093-3', value: 212, unit: 'mg/dL', effectiveAt: '2026-01-05T09:00:00Z' },
  });
});
afterAll(() => ctx.close());

describe('the assistant over REST (offline provider)', () => {
  it('answers with the best passages, quoted and cited, says it is not generating, and audits the turn', async () => {
    const res = await ask(clinician, { message: 'How much salt is too much for blood pressure?' });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json<AssistantAnswer>();
    expect(answer.provider).toBe('offline');
    expect(answer.answer).toMatch(/^I am not generating text: no language model is configured/);
    expect(answer.citations.length).toBeGreaterThan(0);
    const first = answer.citations[0]!;
    expect(first).toMatchObject({ documentId: leaflet.id, title: leaflet.title, patientId: null, page: 1 });
    expect(pageHolding(LEAFLET, first.excerpt)).toBe(first.page);
    expect(answer.answer).toContain(`“${first.excerpt}”`);
    expect(await auditOf(ctx.database, res)).toMatchObject([
      {
        action: 'create',
        resourceType: 'assistant_turn',
        resourceId: answer.conversationId,
        outcome: 'success',
      },
    ]);
  });

  it('says it does not diagnose or prescribe when asked to, before the passages', async () => {
    for (const message of [
      'Do I have high blood pressure?',
      'Should I take more salt tablets?',
      'What dose of ramipril is right?',
    ]) {
      const answer = (await ask(clinician, { message })).json<AssistantAnswer>();
      expect(answer.answer, message).toMatch(
        /^I can share general information, but I cannot diagnose a condition or recommend a treatment or dose; that decision is yours as the treating clinician\.\n\n/,
      );
    }
  });

  it('puts red flags first and alone: see a clinician now, no retrieval, no provider', async () => {
    for (const message of [
      'I have crushing chest pain and my left arm hurts, what is good for cholesterol?',
      'My father’s face is drooping and he has slurred speech',
      'I keep thinking about suicide',
      'I can’t breathe properly after the new tablets',
      'There is severe bleeding from the cut that won’t stop',
    ]) {
      const answer = (await ask(clinician, { message })).json<AssistantAnswer>();
      expect(answer.provider, message).toBe('guardrail');
      expect(answer.answer).toMatch(
        /^This may be an emergency\. Please see a clinician now: call your local emergency number/,
      );
      expect(answer.citations).toEqual([]);
    }
  });

  it('reads a patient’s documents and latest observations for a clinician, and nothing of them for front desk', async () => {
    const answer = (
      await ask(clinician, { message: 'What was the total cholesterol?', patientId: patient.id })
    ).json<AssistantAnswer>();
    expect(answer.citations).toContainEqual(
      expect.objectContaining({ documentId: lab.id, patientId: patient.id, page: 1 }),
    );
    expect(answer.answer).toContain('Total cholesterol: 212 mg/dL (recorded 2026-01-05)');

    const desk = await ctx.as('front_desk');
    const deskAnswer = (
      await ask(desk, { message: 'What was the total cholesterol?', patientId: patient.id })
    ).json<AssistantAnswer>();
    expect(deskAnswer.citations.every((c) => c.patientId === null)).toBe(true);
    expect(deskAnswer.answer).not.toContain('212 mg/dL (recorded');
  });

  it('lets a patient ask about their own record, and answers 404 for someone else’s', async () => {
    const own = await ctx.as('patient', patient.id);
    const answer = (
      await ask(own, { message: 'What did my lipid panel say about cholesterol?' })
    ).json<AssistantAnswer>();
    expect(answer.citations.map((c) => c.documentId)).toContain(lab.id);

    const stranger = await ctx.as('patient', (await createPatient(ctx)).id);
    const res = await ask(stranger, { message: 'cholesterol', patientId: patient.id });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'PATIENT_NOT_FOUND' });
    expect(await auditOf(ctx.database, res)).toMatchObject([{ outcome: 'denied', patientId: patient.id }]);
    const strangerAnswer = (
      await ask(stranger, { message: 'What did the lipid panel say about cholesterol?' })
    ).json<AssistantAnswer>();
    expect(strangerAnswer.citations.map((c) => c.documentId)).not.toContain(lab.id);
  });
});

describe('the assistant over a WebSocket', () => {
  it('authenticates with a subprotocol, streams start → tokens → done, and the tokens are the answer', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    expect(socket.ws.protocol).toBe('medicare.v1');
    await socket.until((f) => f.type === 'ready');
    socket.send({ type: 'ask', id: 'q1', message: 'Does brisk walking lower blood pressure?' });
    const done = (await socket.until((f) => f.type === 'done')) as Extract<
      AssistantServerFrame,
      { type: 'done' }
    >;
    const turn = socket.frames.filter((f) => 'id' in f && f.id === 'q1');
    expect(turn[0]).toMatchObject({ type: 'start', provider: 'offline' });
    expect(turn.at(-1)).toBe(done);
    const tokens = turn.slice(1, -1);
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.every((f) => f.type === 'token')).toBe(true);
    expect(tokens.map((f) => (f as { text: string }).text).join('')).toBe(done.answer);
    const walking = done.citations.find((c) => c.excerpt.includes('brisk walking'))!;
    expect(walking).toMatchObject({ documentId: leaflet.id, page: 2 });
    expect(pageHolding(LEAFLET, walking.excerpt)).toBe(2);
    socket.ws.close();
  });

  it('resumes a conversation: the second question joins it, and it reads back in order', async () => {
    const socket = await connect(base);
    socket.send({ type: 'auth', token: clinician.token });
    await socket.until((f) => f.type === 'ready');
    socket.send({ type: 'ask', id: 'a', message: 'How does salt affect blood pressure?' });
    const first = (await socket.until((f) => f.type === 'done')) as AssistantAnswer;
    socket.send({ type: 'ask', id: 'b', message: 'And exercise?', conversationId: first.conversationId });
    const second = (await socket.until((f) => f.type === 'done')) as AssistantAnswer;
    expect(second.conversationId).toBe(first.conversationId);
    socket.ws.close();

    const res = await clinician(`/api/assistant/conversations/${first.conversationId}`);
    const conv = res.json<ConversationWithMessages>();
    expect(conv.messages.map((m) => [m.role, m.content.slice(0, 20)])).toEqual([
      ['user', 'How does salt affect'],
      ['assistant', first.answer.slice(0, 20)],
      ['user', 'And exercise?'],
      ['assistant', second.answer.slice(0, 20)],
    ]);
    expect(conv.messages[1]!.citations).toEqual(first.citations);
    const list = await clinician('/api/assistant/conversations');
    expect(list.json<{ items: { id: string }[] }>().items[0]!.id).toBe(first.conversationId);

    const other = await ctx.as('clinician');
    expect((await other(`/api/assistant/conversations/${first.conversationId}`)).statusCode).toBe(404);
    const hijack = await ask(other, { message: 'salt', conversationId: first.conversationId });
    expect(hijack.json()).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });

  it('answers a red flag first over the socket too', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    socket.send({ type: 'ask', id: 'rf', message: 'sudden chest pain while walking' });
    const done = (await socket.until((f) => f.type === 'done')) as AssistantAnswer;
    expect(socket.frames.filter((f) => f.type !== 'ready')[0]).toMatchObject({
      type: 'start',
      provider: 'guardrail',
    });
    expect(done.answer).toMatch(/^This may be an emergency/);
    socket.ws.close();
  });

  it('closes with 4401 without a valid token, and 4440 when it has expired', async () => {
    const anonymous = await connect(base);
    anonymous.send({ type: 'ask', message: 'salt' });
    expect(await anonymous.closed).toEqual({ code: WS_CLOSE.UNAUTHENTICATED, reason: 'UNAUTHENTICATED' });

    const forged = await connect(base, ['medicare.v1', 'bearer.not.a.token']);
    expect((await forged.closed).code).toBe(WS_CLOSE.UNAUTHENTICATED);

    const hourAgo = new Date(Date.now() - 3_600_000);
    const stale = await signAccessToken(
      ctx.keyRing,
      testConfig().auth,
      {
        userId: clinician.userId,
        role: 'clinician',
        patientId: null,
        sessionId: '00000000-0000-0000-0000-000000000001',
      },
      hourAgo,
    );
    const expired = await connect(base, ['medicare.v1', `bearer.${stale}`]);
    expect(await expired.closed).toEqual({ code: WS_CLOSE.SESSION_EXPIRED, reason: 'SESSION_EXPIRED' });
  });

  it('answers malformed frames with an error frame and keeps the socket open', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    await socket.until((f) => f.type === 'ready');
    socket.ws.send('not json');
    expect(await socket.until((f) => f.type === 'error')).toMatchObject({ code: 'MALFORMED_REQUEST' });
    socket.send({ type: 'ask', id: 'x', message: '', extra: true });
    expect(await socket.until((f) => f.type === 'error')).toMatchObject({
      id: 'x',
      code: 'VALIDATION_FAILED',
    });
    socket.send({ type: 'ask', id: 'y', message: 'salt' });
    expect(await socket.until((f) => f.type === 'done')).toMatchObject({ id: 'y' });
    socket.ws.close();
  });
});
