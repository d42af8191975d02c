import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import errorsPlugin from './errors.js';

/** An error as drizzle throws it: the driver's, with its SQLSTATE, as the cause. */
const dbError = (code: string) =>
  Object.assign(new Error('Failed query: insert into …'), { cause: Object.assign(new Error('…'), { code }) });

describe('the error plugin', () => {
  it.each(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05'])(
    'answers a database refusal of an input (%s) with 400, not 500',
    async (code) => {
      const app = Fastify();
      await app.register(errorsPlugin);
      app.get('/', async () => {
        throw dbError(code);
      });
      const res = await app.inject('/');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        code: 'MALFORMED_REQUEST',
        message: 'The request holds a value that cannot be stored',
        requestId: expect.any(String),
      });
    },
  );

  it('keeps other database failures 500, without their text', async () => {
    const app = Fastify();
    await app.register(errorsPlugin);
    app.get('/', async () => {
      throw dbError('22012');
    });
    const res = await app.inject('/');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('insert');
  });
});
