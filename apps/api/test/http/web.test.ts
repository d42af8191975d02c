import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';

const dist = mkdtempSync(join(tmpdir(), 'medicare-web-'));
let ctx: TestContext;
beforeAll(async () => {
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>MediCare Hub</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
  ctx = await createTestApp({ config: { webDistDir: dist } });
});
afterAll(async () => {
  await ctx.close();
  rmSync(dist, { recursive: true, force: true });
});

it('serves the web app at / and its assets with a long cache', async () => {
  const page = await ctx.app.inject('/');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<title>MediCare Hub</title>');
  expect(page.headers['cache-control']).toBe('no-cache');
  // Pages may frame their own blob: URLs (PDF preview) and nothing else; scripts only from here.
  expect(page.headers['content-security-policy']).toContain("frame-src 'self' blob:");
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  const asset = await ctx.app.inject('/assets/app-1a2b.js');
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['cache-control']).toMatch(/max-age=31536000/);
});

it('answers the app’s own routes with index.html, but unknown API paths with the JSON 404', async () => {
  const deepLink = await ctx.app.inject({ url: '/patients/123', headers: { accept: 'text/html' } });
  expect(deepLink.statusCode).toBe(200);
  expect(deepLink.body).toContain('MediCare Hub');
  const api = await ctx.app.inject({ url: '/api/nope', headers: { accept: 'text/html' } });
  expect(api.statusCode).toBe(404);
  expect(api.json().code).toBe('ROUTE_NOT_FOUND');
  const script = await ctx.app.inject({ url: '/missing.js', headers: { accept: '*/*' } });
  expect(script.statusCode).toBe(404);
});
