import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import Value from 'typebox/value';
import { AssistantQuestion, WS_CLOSE, type AssistantServerFrame, type ErrorCode } from '@medicare/contracts';
import type { Principal, RequestContext } from '../../auth/principal.js';
import { clientAddress } from '../../lib/client-address.js';
import type { TokenSettings } from '../../auth/tokens.js';
import { AppError } from '../../lib/errors.js';
import { unsafeTextPaths } from '../../lib/text.js';
import type { AssistantService } from './assistant.service.js';

export const WS_PROTOCOL = 'medicare.v1';
const BEARER_PROTOCOL = 'bearer.';
const AUTH_WITHIN_MS = 10_000;
/** More client frames than this in one window closes the socket: a question takes one frame. */
const FRAMES_PER_WINDOW = 30;
const FRAME_WINDOW_MS = 10_000;

type Frame = { type?: unknown; id?: unknown; token?: unknown } & Record<string, unknown>;

/** A client frame: a JSON object, else undefined (null, numbers, strings, arrays, or not JSON at all). */
function frameOf(data: RawData): Frame | undefined {
  try {
    const parsed: unknown = JSON.parse(String(data));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Frame) : undefined;
  } catch {
    return undefined;
  }
}

const DEFAULT_PING_INTERVAL_MS = 30_000;

/** The access token offered as a subprotocol (`bearer.<token>`), if any: browsers cannot set headers. */
function tokenFromProtocols(request: FastifyRequest): string | undefined {
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  return offered.find((p) => p.startsWith(BEARER_PROTOCOL))?.slice(BEARER_PROTOCOL.length) || undefined;
}

const expiryOf = (token: string): number => {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      exp?: number;
    };
    return (exp ?? 0) * 1000;
  } catch {
    return 0;
  }
};

/**
 * GET /ws: the assistant, streamed. Authenticate with the access token as a subprotocol
 * (`['medicare.v1', 'bearer.<token>']`) or in a first `{type:'auth', token}` frame — never in the
 * query string, which load balancers log. Frames are in docs/api.md ("Assistant").
 */
export function assistantSocket(
  app: FastifyInstance,
  options: { service: AssistantService; tokens: TokenSettings; pingIntervalMs?: number },
) {
  const verify = app.verifyAccessToken;

  app.get('/ws', { websocket: true, schema: { hide: true } }, (socket: WebSocket, request) => {
    let principal: Principal | null = null;
    let token = '';
    let busy: AbortController | null = null;
    const send = (frame: AssistantServerFrame) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    const refuse = (code: number, reason: string) => socket.close(code, reason);
    const malformed = (message: string) => send({ type: 'error', code: 'MALFORMED_REQUEST', message });
    // The boundary: nothing a client sends may throw past this handler (one bad frame must not take the
    // process, and everyone else's sockets, down). Whatever escapes is logged and this socket closed 1011.
    const failed = (error: unknown) => {
      request.log.error({ err: error }, 'assistant socket failed');
      if (socket.readyState === socket.OPEN) socket.close(1011, 'INTERNAL');
    };
    let window = { start: 0, frames: 0 };
    /** Runs a frame's handling once any subprotocol token is checked, inside the boundary. */
    const afterAuth = (handle: () => Promise<void>) => void ready.then(handle).catch(failed);

    const authenticate = async (candidate: string): Promise<boolean> => {
      try {
        principal = await verify(candidate, app.clock());
        token = candidate;
        clearTimeout(deadline);
        send({ type: 'ready', userId: principal.userId, role: principal.role });
        return true;
      } catch {
        const expired = expiryOf(candidate) > 0 && expiryOf(candidate) <= app.clock().getTime();
        if (expired) refuse(WS_CLOSE.SESSION_EXPIRED, 'SESSION_EXPIRED');
        else refuse(WS_CLOSE.UNAUTHENTICATED, 'UNAUTHENTICATED');
        return false;
      }
    };

    const deadline = setTimeout(() => {
      if (!principal) refuse(WS_CLOSE.AUTH_TIMEOUT, 'AUTH_TIMEOUT');
    }, AUTH_WITHIN_MS);
    const offered = tokenFromProtocols(request);
    const ready = offered ? authenticate(offered) : Promise.resolve(false);

    // Keep-alive: a ping well inside the ALB's 120 s idle timeout, so a quiet socket is not cut.
    const keepAlive = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.ping();
    }, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
    keepAlive.unref();

    socket.on('close', () => {
      clearInterval(keepAlive);
      clearTimeout(deadline);
      busy?.abort(new Error('the client went away'));
    });

    // ws reports protocol errors (invalid UTF-8, a frame over maxPayload) here and closes the socket itself.
    socket.on('error', (error) => request.log.warn({ err: error }, 'assistant socket error'));

    socket.on('message', (data, isBinary) => {
      const now = app.clock().getTime();
      if (now - window.start >= FRAME_WINDOW_MS) window = { start: now, frames: 0 };
      if (++window.frames > FRAMES_PER_WINDOW) return refuse(WS_CLOSE.TOO_MANY_FRAMES, 'TOO_MANY_FRAMES');
      afterAuth(async () => {
        if (socket.readyState !== socket.OPEN) return;
        if (isBinary) return malformed('Frames are JSON text, not binary');
        const frame = frameOf(data);
        if (!frame) return malformed('Frames are JSON objects');
        if (unsafeTextPaths(frame).length > 0) {
          return send({
            type: 'error',
            code: 'VALIDATION_FAILED',
            message: 'Text must not hold NUL characters or unpaired surrogates',
          });
        }
        if (frame.type === 'auth') {
          if (typeof frame.token !== 'string') return refuse(WS_CLOSE.UNAUTHENTICATED, 'UNAUTHENTICATED');
          return void (await authenticate(frame.token));
        }
        if (!principal) return refuse(WS_CLOSE.UNAUTHENTICATED, 'UNAUTHENTICATED');
        if (
          expiryOf(token) <= app.clock().getTime() ||
          (await app.revocations.isRevoked(principal.sessionId, app.clock()))
        )
          return refuse(WS_CLOSE.SESSION_EXPIRED, 'SESSION_EXPIRED');
        if (frame.type !== 'ask') {
          return send({ type: 'error', code: 'MALFORMED_REQUEST', message: 'Unknown frame type' });
        }
        const id = typeof frame.id === 'string' && frame.id.length <= 64 ? frame.id : randomUUID();
        const { type: _type, id: _id, ...question } = frame;
        if (!Value.Check(AssistantQuestion, question)) {
          return send({
            type: 'error',
            id,
            code: 'VALIDATION_FAILED',
            message: 'An ask frame is { type, id?, message, patientId?, conversationId? }',
          });
        }
        if (busy)
          return send({ type: 'error', id, code: 'MALFORMED_REQUEST', message: 'One question at a time' });
        busy = new AbortController();
        const ctx: RequestContext = {
          principal,
          requestId: `ws-${randomUUID()}`,
          ip: clientAddress(request),
          userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
        };
        try {
          const answer = await options.service.ask(
            ctx,
            question,
            {
              start: ({ provider }) => send({ type: 'start', id, provider }),
              token: (text) => send({ type: 'token', id, text }),
            },
            busy.signal,
          );
          send({ type: 'done', id, ...answer });
        } catch (error) {
          const known = error instanceof AppError;
          if (!known) request.log.error({ err: error }, 'assistant turn failed');
          send({
            type: 'error',
            id,
            code: known ? error.code : ('INTERNAL' satisfies ErrorCode),
            message: known ? error.message : 'Something went wrong on our side',
          });
        } finally {
          busy = null;
        }
      });
    });
  });
}
