import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { SERVICE_NAMES } from '../../src/config.js';
import { createTestDatabase } from '../support/database.js';

const dist = mkdtempSync(join(tmpdir(), 'medicare-web-'));
let app: App;
beforeAll(async () => {
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>MediCare Hub</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
  app = await buildApp({
    config: { services: new Set(SERVICE_NAMES), bodyLimitBytes: 1_048_576, webDistDir: dist },
    database: await createTestDatabase(),
  });
});
afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

it('serves the web app at / and its assets with a long cache', async () => {
  const page = await app.inject('/');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<title>MediCare Hub</title>');
  expect(page.headers['cache-control']).toBe('no-cache');
  const asset = await app.inject('/assets/app-1a2b.js');
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['cache-control']).toMatch(/max-age=31536000/);
});

it('answers the app’s own routes with index.html, but unknown API paths with the JSON 404', async () => {
  const deepLink = await app.inject({ url: '/patients/123', headers: { accept: 'text/html' } });
  expect(deepLink.statusCode).toBe(200);
  expect(deepLink.body).toContain('MediCare Hub');
  const api = await app.inject({ url: '/api/nope', headers: { accept: 'text/html' } });
  expect(api.statusCode).toBe(404);
  expect(api.json().code).toBe('ROUTE_NOT_FOUND');
  const script = await app.inject({ url: '/missing.js', headers: { accept: '*/*' } });
  expect(script.statusCode).toBe(404);
});
