// /ws keep-alive (issue 16): the ALB drops a connection idle for 120 s, so the server pings a quiet socket
// at WS_PING_INTERVAL_MS (30 s by default) and stops when it closes.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, testConfig, type Caller, type TestContext } from '../support/app.js';
import { connect } from '../support/ws.js';

describe('/ws keep-alive', () => {
  let ctx: TestContext;
  let base: string;
  let clinician: Caller;
  beforeAll(async () => {
    // A short interval so the test sees pings without waiting; production takes the config default.
    ctx = await createTestApp({
      config: { assistant: { ...testConfig().assistant, wsPingIntervalMs: 20 } },
    });
    base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    clinician = await ctx.as('clinician');
  });
  afterAll(() => ctx.close());

  it('pings an idle, signed-in socket again and again, and it stays open', async () => {
    const socket = await connect(base, ['medicare.v1', `bearer.${clinician.token}`]);
    await socket.until((f) => f.type === 'ready');
    for (let i = 0; i < 3; i += 1) await once(socket.ws, 'ping');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
    expect((await socket.closed).code).toBe(1005);
  });

  it('defaults to a ping every 30 s, under the ALB idle timeout of 120 s', () => {
    expect(loadConfig({}).assistant.wsPingIntervalMs).toBe(30_000);
    expect(loadConfig({ WS_PING_INTERVAL_MS: '45000' }).assistant.wsPingIntervalMs).toBe(45_000);
    expect(() => loadConfig({ WS_PING_INTERVAL_MS: '120000' })).toThrow(/WS_PING_INTERVAL_MS/);
  });

  it('leaves migrations to core when DATABASE_MIGRATE=false (a service role owns no tables)', () => {
    const env = { DATABASE_URL: 'postgres://medicare_patients@db:5433/medicare' };
    expect(loadConfig(env).database).toMatchObject({ kind: 'postgres', migrate: true });
    expect(loadConfig({ ...env, DATABASE_MIGRATE: 'false' }).database).toMatchObject({ migrate: false });
  });
});
