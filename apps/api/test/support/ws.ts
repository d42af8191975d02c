import { once } from 'node:events';
import WebSocket from 'ws';
import type { AssistantServerFrame } from '@medicare/contracts';

export type Socket = {
  ws: WebSocket;
  /** Every frame received so far, in order. */
  frames: AssistantServerFrame[];
  send: (frame: object) => void;
  /** Resolves with the first frame (from now or already received, not yet taken) that matches. */
  until: (match: (f: AssistantServerFrame) => boolean) => Promise<AssistantServerFrame>;
  closed: Promise<{ code: number; reason: string }>;
};

/** A real WebSocket client (the `ws` package) to the app listening at `base`. */
export async function connect(base: string, protocols: string[] = []): Promise<Socket> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, protocols);
  const frames: AssistantServerFrame[] = [];
  const waiters: {
    match: (f: AssistantServerFrame) => boolean;
    resolve: (f: AssistantServerFrame) => void;
  }[] = [];
  let taken = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as AssistantServerFrame;
    frames.push(frame);
    const w = waiters.find((x) => x.match(frame));
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      taken = frames.length;
      w.resolve(frame);
    }
  });
  const closed = once(ws, 'close').then(([code, reason]) => ({
    code: code as number,
    reason: String(reason),
  }));
  await Promise.race([once(ws, 'open'), closed]);
  return {
    ws,
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    until: (match) => {
      const seen = frames.slice(taken).find(match);
      if (seen) {
        taken = frames.indexOf(seen) + 1;
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void closed.then((c) =>
          reject(new Error(`socket closed (${c.code} ${c.reason}) before the frame came`)),
        );
      });
    },
    closed,
  };
}
