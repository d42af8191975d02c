import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';

export type ChatRequest = { model: string; stream: boolean; messages: { role: string; content: string }[] };
export type EmbeddingsRequest = { model: string; input: string | string[]; dimensions?: number };
export type Behaviour = 'answer' | 'stall' | 'fail';

/** The answer's pieces: fixed, or made from the request (to echo placeholders, say). */
export type Pieces = string[] | ((request: ChatRequest) => string[]);

/**
 * A deterministic embedding: a hashed bag of words (folded, stop words kept), L2-normalised, so
 * texts that share words are near each other. Enough to test vector retrieval end to end.
 */
export function hashedEmbedding(text: string, dimensions: number): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const words =
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) {
    const h = createHash('sha256').update(w).digest();
    v[h.readUInt32BE(0) % dimensions]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/**
 * A small OpenAI-compatible server that records every request it receives, whatever the path:
 * POST /v1/chat/completions with stream=true answers as server-sent events, one chunk per piece;
 * POST /v1/embeddings answers hashed bag-of-words vectors. `stall` sends the headers and then
 * nothing; `fail` answers 500.
 */
export async function startOpenAiServer(pieces: Pieces) {
  const requests: ChatRequest[] = [];
  const embeddings: EmbeddingsRequest[] = [];
  /** Every body received, on any path, as sent: what the canary tests search. */
  const raw: string[] = [];
  const open = new Set<ServerResponse>();
  let behaviour: Behaviour = 'answer';
  let answer: Pieces = pieces;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      raw.push(`${req.method} ${req.url} ${body}`);
      if (req.method === 'POST' && req.url === '/v1/embeddings') {
        const request = JSON.parse(body) as EmbeddingsRequest;
        embeddings.push(request);
        if (behaviour === 'fail') return res.writeHead(500).end('{"error":"boom"}');
        const inputs = Array.isArray(request.input) ? request.input : [request.input];
        const dimensions = request.dimensions ?? 256;
        return res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            object: 'list',
            model: request.model,
            data: inputs.map((text, index) => ({
              object: 'embedding',
              index,
              embedding: hashedEmbedding(text, dimensions),
            })),
          }),
        );
      }
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return res.writeHead(404).end();
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      if (behaviour === 'fail') return res.writeHead(500).end('{"error":"boom"}');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      open.add(res);
      res.on('close', () => open.delete(res));
      if (behaviour === 'stall') return res.flushHeaders();
      for (const content of typeof answer === 'function' ? answer(request) : answer) {
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
      }
      res.end('data: [DONE]\n\n');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    embeddings,
    raw,
    behave: (b: Behaviour) => (behaviour = b),
    answerWith: (p: Pieces) => (answer = p),
    stop: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
