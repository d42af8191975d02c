import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_CLOSE } from '@medicare/contracts';
import { createTestApp, type Caller, type TestContext } from '../support/app.js';
import { connect, type Socket } from '../support/ws.js';

// Issue 12: one unauthenticated text frame `null` used to throw past the socket handler and end the
// process. Whatever a client sends must earn an error frame or a close code, and the server lives on.

let ctx: TestContext;
let base: string;
let clinician: Caller;

beforeAll(async () => {
  ctx = await createTestApp();
  base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  clinician = await ctx.as('clinician');
});
afterAll(() => ctx?.close());

/** Frames that are not JSON objects: every JSON value but an object, and not JSON at all. */
const ODD_FRAMES = ['null', '0', '-1.5e308', 'true', '"ask"', '[]', '[{"type":"ask"}]', '{', '', '\u0000'];

/** The next thing the server does after a frame: an error frame or a close, whichever comes first. */
async function answerTo(socket: Socket, send: () => void) {
  const before = socket.frames.length;
  send();
  return Promise.race([
    socket.until((f) => f.type === 'error' && socket.frames.indexOf(f) >= before),
    socket.closed,
  ]);
}

async function serverAlive() {
  expect((await ctx.inject('/health')).statusCode).toBe(200);
  const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
  await socket.until((f) => f.type === 'ready');
  socket.send({ type: 'ask', id: 'alive', message: 'salt and blood pressure' });
  expect(await socket.until((f) => f.type === 'done')).toMatchObject({ id: 'alive' });
  socket.ws.close();
}

describe('the /ws boundary', () => {
  it('answers any JSON value, non-JSON and binary frames before sign-in without dying', async () => {
    for (const raw of ODD_FRAMES) {
      const socket = await connect(base);
      expect(await answerTo(socket, () => socket.ws.send(raw)), raw).toMatchObject({
        code: 'MALFORMED_REQUEST',
      });
      socket.ws.close();
    }
    const binary = await connect(base);
    expect(await answerTo(binary, () => binary.ws.send(Buffer.from([0, 1, 2, 255])))).toMatchObject({
      code: 'MALFORMED_REQUEST',
    });
    binary.ws.close();
    await serverAlive();
  });

  it('answers the same frames after sign-in with error frames and keeps the socket usable', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    await socket.until((f) => f.type === 'ready');
    for (const raw of [...ODD_FRAMES, '{"type":null}', '{"type":"ask","message":null,"id":{}}']) {
      expect(await answerTo(socket, () => socket.ws.send(raw)), raw).toMatchObject({ type: 'error' });
    }
    expect(await answerTo(socket, () => socket.ws.send(Buffer.from('{"type":"ask"}')))).toMatchObject({
      code: 'MALFORMED_REQUEST',
    });
    socket.send({ type: 'ask', id: 'q', message: 'salt' });
    expect(await socket.until((f) => f.type === 'done')).toMatchObject({ id: 'q' });
    socket.ws.close();
    await serverAlive();
  });

  it('refuses NUL and unpaired surrogates in a question with VALIDATION_FAILED', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    await socket.until((f) => f.type === 'ready');
    for (const message of ['salt\u0000', 'salt \ud800', '\udc00']) {
      expect(await answerTo(socket, () => socket.send({ type: 'ask', message }))).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    socket.ws.close();
  });

  it('closes 1009 on a frame over the size limit, authenticated or not', async () => {
    const big = JSON.stringify({ type: 'ask', message: 'x'.repeat(70 * 1024) });
    const anonymous = await connect(base);
    anonymous.ws.send(big);
    expect((await anonymous.closed).code).toBe(1009);
    const signedIn = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    await signedIn.until((f) => f.type === 'ready');
    signedIn.ws.send(big);
    expect((await signedIn.closed).code).toBe(1009);
    await serverAlive();
  });

  it('closes a socket that floods frames, before or after sign-in', async () => {
    for (const protocols of [[], ['medicare.v1', `bearer.${clinician.token}`]]) {
      const socket = await connect(base, protocols);
      for (let i = 0; i < 200; i++) socket.ws.send('null');
      expect(await socket.closed).toEqual({ code: WS_CLOSE.TOO_MANY_FRAMES, reason: 'TOO_MANY_FRAMES' });
    }
    await serverAlive();
  });
});
