import { builtinEnvironments, type Environment } from 'vitest/runtime';

/**
 * happy-dom for the page, Node's own networking for everything else. The page tests run the real
 * API in this process (test/clinic.ts), and the API needs Node's URL, Blob, fetch and streams, which
 * happy-dom would replace; the web client is as happy with Node's. Uploads go by fetch here (no
 * XMLHttpRequest: upload progress is a browser's, checked in the e2e tests in Chromium).
 */
const NODE_KEYS = [
  'URL',
  'URLSearchParams',
  'Blob',
  'File',
  'FormData',
  'Request',
  'Response',
  'Headers',
  'fetch',
  'AbortController',
  'AbortSignal',
  'TextEncoder',
  'TextDecoder',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'DOMException',
] as const;

export default {
  name: 'happy-dom-node-network',
  // Node's module semantics (import.meta.url a file: URL) for the API's code; the page renders the same.
  viteEnvironment: 'ssr',
  async setup(global: Record<string, unknown>, options) {
    const saved = new Map(NODE_KEYS.map((key) => [key, global[key]]));
    const happy = await builtinEnvironments['happy-dom'].setup(global, options);
    for (const [key, value] of saved) global[key] = value;
    global.XMLHttpRequest = undefined;
    return happy;
  },
} satisfies Environment;
