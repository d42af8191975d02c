import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { TokenSettings } from '../../auth/tokens.js';
import { assistantRoutes } from './assistant.routes.js';
import { createAssistantService } from './assistant.service.js';
import { embedderFor } from '../../platform/embeddings.js';
import { providerFor } from './providers/index.js';
import { voiceFor } from './voice.js';
import { assistantSocket, WS_PROTOCOL } from './ws.js';

export type AssistantOptions = {
  database: Database;
  assistant: Config['assistant'];
  voice: Config['voice'];
  tokens: TokenSettings;
};

/** The health helper (core): /api/assistant/** and the WebSocket GET /ws. */
const assistantModule: FastifyPluginAsyncTypebox<AssistantOptions> = async (app, options) => {
  const service = createAssistantService({
    database: options.database,
    provider: providerFor(options.assistant.provider),
    timeoutMs: options.assistant.timeoutMs,
    embedder: embedderFor(options.assistant.embeddings),
  });
  await app.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      // Answer with our protocol only; the bearer.<token> offer is never echoed back.
      handleProtocols: (protocols: Set<string>) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
    },
  });
  assistantSocket(app, {
    service,
    tokens: options.tokens,
    pingIntervalMs: options.assistant.wsPingIntervalMs,
  });
  await app.register(assistantRoutes, {
    prefix: '/api/assistant',
    service,
    voice: voiceFor(options.voice),
  });
};

export default assistantModule;
