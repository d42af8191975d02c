import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssistantAnswer, AssistantServerFrame, DocumentMeta, Patient } from '@medicare/contracts';
import { fold } from '../../src/platform/deidentify/fold.js';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { makePdf, multipart } from '../support/documents.js';
import { createPatient } from '../support/factories.js';
import { startOpenAiServer } from '../support/openai-server.js';
import { connect } from '../support/ws.js';

/**
 * Canaries: identifiers planted in questions and in uploaded documents. None may reach the
 * recording model server, in any request (chat or embeddings), over REST or over /ws; the answer
 * the user is shown has them back.
 */
const HELD = {
  givenName: 'José',
  familyName: 'Müller',
  birthDate: '1943-01-21',
  phone: '+1 608 555 0147',
  email: 'jose.muller@example.org',
  address: { line: '11 Main Street', city: 'Madison', state: 'NY', postalCode: '10001', country: 'US' },
};

/** Each canary, and where it is planted: q = a question, d = the patient's uploaded letter. */
const CANARIES: { value: string; kind: string }[] = [
  // Layer 1: what the clinic holds, written every which way.
  { value: 'José', kind: 'given name' },
  { value: 'JOSE', kind: 'given name, capitals without accent' },
  { value: 'jose', kind: 'given name, lower case without accent' },
  { value: 'Müller', kind: 'family name' },
  { value: 'MULLER', kind: 'family name without umlaut' },
  { value: '1943-01-21', kind: 'birth date ISO' },
  { value: '01/21/1943', kind: 'birth date US' },
  { value: '21.01.1943', kind: 'birth date European' },
  { value: 'January 21, 1943', kind: 'birth date in words' },
  { value: '21 Jan 1943', kind: 'birth date abbreviated' },
  { value: '(608) 555-0147', kind: 'phone, national' },
  { value: '608.555.0147', kind: 'phone, dotted' },
  { value: '+16085550147', kind: 'phone, E.164' },
  { value: 'jose.muller@example.org', kind: 'e-mail' },
  { value: '11 Main Street', kind: 'street' },
  { value: 'Main St.', kind: 'street abbreviated' },
  { value: 'Madison', kind: 'city' },
  { value: '10001', kind: 'postal code' },
  // Layer 2: identifiers of anyone, found by their shape.
  { value: 'Maria Lopez', kind: 'relative’s full name' },
  { value: 'Ingrid', kind: 'wife’s name' },
  { value: 'Ana', kind: 'daughter’s name' },
  { value: 'Émile García', kind: 'emergency contact' },
  { value: 'Øberg', kind: 'name after a title' },
  { value: '3 March 2026', kind: 'date in words' },
  { value: 'March 4th, 2026', kind: 'date in words, US' },
  { value: '2026-02-11', kind: 'date ISO' },
  { value: '12/02/2026', kind: 'date numeric' },
  { value: 'XK-4471-0098', kind: 'insurance id' },
  { value: '99812734', kind: 'policy number' },
  { value: '123-45-6789', kind: 'social security number' },
  { value: 'maria.lopez@correo.es', kind: 'someone else’s e-mail' },
  { value: '020 7946 0018', kind: 'someone else’s phone' },
  { value: '+49 30 1234567', kind: 'international phone' },
  { value: '42 Rue de la Paix', kind: 'French address' },
  { value: 'Hauptstraße 5', kind: 'German address' },
  { value: 'Springfield IL 62704', kind: 'city, state and ZIP' },
  { value: 'SW1A 1AA', kind: 'UK postcode' },
  // Another patient of the clinic, named with no cue: found because the clinic holds the name.
  { value: 'Ingeborg', kind: 'another patient’s given name' },
  { value: 'Halvorsen', kind: 'another patient’s family name' },
];

const QUESTIONS = (p: Patient) => [
  `My patient José Müller (JOSE MULLER, jose for short), MRN ${p.mrn}, born 01/21/1943 (21.01.1943), phone ` +
    '(608) 555-0147, lives at 11 Main Street, Madison NY 10001. What does his cholesterol letter say?',
  `His wife Ingrid and his daughter Ana called on 3 March 2026 from 020 7946 0018; his sister Maria Lopez ` +
    '(maria.lopez@correo.es) wrote on March 4th, 2026. What was the cholesterol advice in the letter?',
  `Insurance id XK-4471-0098, policy no. 99812734, SSN 123-45-6789: does the cholesterol letter mention ` +
    `them? Also his old address 42 Rue de la Paix and Hauptstraße 5; mc${p.mrn.slice(2)}. ` +
    'Did Ingeborg Halvorsen’s letter say the same?',
];

const LETTER = (p: Patient) => [
  [
    'Cardiology letter',
    `Re: José Müller, born January 21, 1943 (21 Jan 1943, 1943-01-21), MRN ${p.mrn}.`,
    'Address: 11 Main St., Madison, NY 10001. Phone 608.555.0147 or +16085550147.',
    'E-mail jose.muller@example.org. Seen on 2026-02-11 and again 12/02/2026.',
    'Emergency contact: Émile García, +49 30 1234567. Mrs Øberg from Springfield IL 62704 also called.',
    'Previous address in London SW1A 1AA.',
    'Total cholesterol was 212 mg/dL. Advice: reduce saturated fat and repeat the lipid panel.',
  ],
];

/** Where a canary is found in text sent out, spelled any way (case and accents folded). */
const leaks = (sent: string, canary: string) => {
  const f = fold(canary).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${f}(?![\\p{L}\\p{N}])`, 'u').test(fold(sent));
};

describe('no planted identifier reaches the model server (REST and /ws)', () => {
  let llm: Awaited<ReturnType<typeof startOpenAiServer>>;
  let ctx: TestContext;
  let base: string;
  let clinician: Caller;
  let patient: Patient;

  beforeAll(async () => {
    // The model answers with the placeholders it was given, so restoring can be checked.
    llm = await startOpenAiServer(() => [
      'Summary for [PATIENT_1_GIV',
      'EN] [PATIENT_1_FAMILY]: ',
      'see [1].',
    ]);
    ctx = await createTestApp({
      config: {
        assistant: {
          wsPingIntervalMs: 30_000,
          timeoutMs: 5_000,
          provider: { kind: 'openai', baseUrl: llm.baseUrl, model: 'test-model' },
          embeddings: { kind: 'openai', baseUrl: llm.baseUrl, model: 'test-embed', dimensions: 256 },
        },
      },
    });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    clinician = await ctx.as('clinician');
    patient = await createPatient(ctx, HELD);
    await createPatient(ctx, { givenName: 'Ingeborg', familyName: 'Halvorsen', birthDate: '1950-07-04' });
    const url = `/api/patients/${patient.id}/documents`;
    const res = await ctx.inject({
      method: 'POST',
      url,
      ...multipart({ name: 'letter.pdf', type: 'application/pdf', bytes: makePdf(LETTER(patient)) }),
    });
    const doc = res.json<DocumentMeta>();
    await vi.waitFor(
      async () => expect((await ctx.inject(`${url}/${doc.id}`)).json()).toMatchObject({ textStatus: 'done' }),
      { timeout: 15_000, interval: 50 },
    );
  });
  afterAll(async () => {
    await ctx.close();
    await llm.stop();
  });

  it(`plants ${CANARIES.length} identifiers (at least 30)`, () => {
    expect(CANARIES.length).toBeGreaterThanOrEqual(30);
    const planted = [...QUESTIONS(patient), ...LETTER(patient).flat()].join('\n');
    for (const c of CANARIES) expect(leaks(planted, c.value), `${c.kind} is planted`).toBe(true);
  });

  it('over REST: the questions, the letter and the history go out without them; the answer has them back', async () => {
    let conversationId: string | undefined;
    for (const message of QUESTIONS(patient)) {
      const res = await clinician({
        method: 'POST',
        url: '/api/assistant/messages',
        payload: { message, ...(conversationId ? { conversationId } : { patientId: patient.id }) },
      });
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json<AssistantAnswer>();
      conversationId = answer.conversationId;
      expect(answer.answer).toContain('Summary for José Müller: see [1].');
    }
    // The letter went out as a passage (so the test would see a leak from it).
    expect(llm.requests.at(-1)!.messages.at(-1)!.content).toContain('Total cholesterol was 212 mg/dL');
    expect(llm.embeddings.length).toBeGreaterThan(0);
    const all = llm.raw.join('\n');
    const leaked = CANARIES.filter((c) => leaks(all, c.value)).map((c) => `${c.kind}: ${c.value}`);
    expect(leaked).toEqual([]);
    expect(leaks(all, patient.mrn)).toBe(false);
  });

  it('over /ws: the same, streamed, with the placeholders restored even when cut across pieces', async () => {
    const before = llm.raw.length;
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    let conversationId: string | undefined;
    for (const [i, message] of QUESTIONS(patient).entries()) {
      socket.send({
        type: 'ask',
        id: `q${i}`,
        message,
        ...(conversationId ? { conversationId } : { patientId: patient.id }),
      });
      const done = (await socket.until((f) => f.type === 'done' && f.id === `q${i}`)) as Extract<
        AssistantServerFrame,
        { type: 'done' }
      >;
      conversationId = done.conversationId;
      const streamed = socket.frames
        .filter(
          (f): f is Extract<AssistantServerFrame, { type: 'token' }> =>
            f.type === 'token' && f.id === `q${i}`,
        )
        .map((f) => f.text)
        .join('');
      expect(streamed).toBe('Summary for José Müller: see [1].');
      expect(done.answer).toBe(streamed);
    }
    socket.ws.close();
    const sent = llm.raw.slice(before).join('\n');
    expect(sent.length).toBeGreaterThan(0);
    const leaked = CANARIES.filter((c) => leaks(sent, c.value)).map((c) => `${c.kind}: ${c.value}`);
    expect(leaked).toEqual([]);
  });
});
