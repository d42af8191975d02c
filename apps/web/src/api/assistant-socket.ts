import type {
  AssistantAnswer,
  AssistantClientFrame,
  AssistantQuestion,
  AssistantServerFrame,
} from '@medicare/contracts';
import type { AssistantStreamEvents } from './client';
import { ApiError, networkError } from './errors';

/** How long the server may take to say `ready` before the app gives up on the socket. */
const READY_TIMEOUT_MS = 8_000;

/** The socket closed (or never opened) before the answer started: the caller may ask over REST instead. */
export class SocketUnavailable extends Error {
  constructor() {
    super('The assistant socket is not available');
    this.name = 'SocketUnavailable';
  }
}

export type AssistantSocket = {
  /** The access token the socket was last authenticated with. */
  token: string;
  authenticate(token: string): void;
  ask(question: AssistantQuestion, events: AssistantStreamEvents): Promise<AssistantAnswer>;
};

/** The status the REST route gives for a code, so errors read the same whichever way the answer came. */
const STATUS: Record<string, number> = {
  ASSISTANT_TIMEOUT: 504,
  ASSISTANT_PROVIDER_FAILED: 502,
  PATIENT_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
};

/**
 * Opens /ws with the access token as a subprotocol (docs/api.md "Assistant": browsers cannot set headers,
 * and a query string would end up in load-balancer logs) and resolves on the server's `ready`.
 */
export function openAssistantSocket(
  baseUrl: string,
  token: string,
  onClosed: () => void,
): Promise<AssistantSocket> {
  const url = new URL('/ws', baseUrl || window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, ['medicare.v1', `bearer.${token}`]);
    } catch {
      reject(new SocketUnavailable());
      return;
    }
    let current: { id: string; started: boolean; events: AssistantStreamEvents; settle: Settle } | null =
      null;
    type Settle = { resolve: (a: AssistantAnswer) => void; reject: (e: unknown) => void };
    const send = (frame: AssistantClientFrame) => ws.send(JSON.stringify(frame));
    const timer = setTimeout(() => {
      reject(new SocketUnavailable());
      ws.close();
    }, READY_TIMEOUT_MS);
    const handle: AssistantSocket = {
      token,
      authenticate(next) {
        handle.token = next;
        send({ type: 'auth', token: next });
      },
      ask(question, events) {
        if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new SocketUnavailable());
        const id = crypto.randomUUID();
        return new Promise<AssistantAnswer>((resolve, reject) => {
          current = { id, started: false, events, settle: { resolve, reject } };
          send({ type: 'ask', id, ...question });
        });
      },
    };
    ws.onmessage = (message) => {
      let frame: AssistantServerFrame;
      try {
        frame = JSON.parse(String(message.data)) as AssistantServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        clearTimeout(timer);
        resolve(handle);
        return;
      }
      if (!current || ('id' in frame && frame.id !== undefined && frame.id !== current.id)) return;
      const turn = current;
      if (frame.type === 'start') {
        turn.started = true;
        turn.events.onStart?.(frame.provider);
      } else if (frame.type === 'token') turn.events.onToken?.(frame.text);
      else if (frame.type === 'done') {
        current = null;
        const { type: _type, id: _id, ...answer } = frame;
        turn.settle.resolve(answer);
      } else if (frame.type === 'error') {
        current = null;
        turn.settle.reject(
          new ApiError(STATUS[frame.code] ?? 400, { code: frame.code, message: frame.message }),
        );
      }
    };
    ws.onclose = () => {
      clearTimeout(timer);
      reject(new SocketUnavailable());
      onClosed();
      if (current) {
        const turn = current;
        current = null;
        turn.settle.reject(turn.started ? networkError() : new SocketUnavailable());
      }
    };
  });
}
