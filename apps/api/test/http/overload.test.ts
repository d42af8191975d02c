import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestContext } from '../support/app.js';

let ctx: TestContext;
beforeAll(async () => {
  const { resilience } = testConfig();
  ctx = await createTestApp({
    config: {
      resilience: { ...resilience, overload: { maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0.9 } },
    },
  });
});
afterAll(() => ctx.close());

/** Holds the event loop, as a burst of CPU-bound work would. */
function blockFor(ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

/** Resolves once the plugin's sampler (every 500 ms) has seen the event loop this busy. */
async function sampled(utilization: number) {
  const deadline = Date.now() + 5_000;
  while (ctx.app.memoryUsage().eventLoopUtilized < utilization) {
    if (Date.now() > deadline) throw new Error('the sampler never saw the busy event loop');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('sheds load with 503 OVERLOADED and Retry-After while the event loop is saturated, health checks exempt', async () => {
  blockFor(1_200);
  await sampled(0.9);
  const shed = await ctx.inject('/api/practitioners');
  const health = await ctx.inject('/health');
  expect(shed.statusCode, shed.body).toBe(503);
  expect(shed.json()).toMatchObject({ code: 'OVERLOADED', requestId: expect.any(String) });
  expect(shed.headers['retry-after']).toBe('2');
  expect(health.statusCode).toBe(200);
});
