import { expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';

it('/health/ready answers 503 naming the database once it is gone, while /health stays 200', async () => {
  const ctx = await createTestApp();
  try {
    await ctx.database.close();
    const ready = await ctx.inject('/health/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      code: 'NOT_READY',
      status: 'unavailable',
      checks: { database: { status: 'unavailable' } },
    });
    expect((await ctx.inject('/health')).json()).toEqual({ status: 'ok' });
  } finally {
    await ctx.app.close().catch(() => {});
  }
});
