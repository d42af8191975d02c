import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';

export type ChatRequest = { model: string; stream: boolean; messages: { role: string; content: string }[] };
export type Behaviour = 'answer' | 'stall' | 'fail';

/**
 * A small OpenAI-compatible server: POST /v1/chat/completions with stream=true answers as
 * server-sent events, one chunk per piece of `pieces`. It records every request it receives;
 * `stall` sends the headers and then nothing; `fail` answers 500.
 */
export async function startOpenAiServer(pieces: string[]) {
  const requests: ChatRequest[] = [];
  const open = new Set<ServerResponse>();
  let behaviour: Behaviour = 'answer';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return res.writeHead(404).end();
      requests.push(JSON.parse(body) as ChatRequest);
      if (behaviour === 'fail') return res.writeHead(500).end('{"error":"boom"}');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      open.add(res);
      res.on('close', () => open.delete(res));
      if (behaviour === 'stall') return res.flushHeaders();
      for (const content of pieces) {
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
    behave: (b: Behaviour) => (behaviour = b),
    stop: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
