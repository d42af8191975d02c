import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  AssistantAnswer,
  AssistantQuestion,
  ConversationListQuery,
  ConversationPage,
  ConversationWithMessages,
  IdParams,
  SpeechInput,
  Transcription,
} from '@medicare/contracts';
import type { MediaEncoding } from '@aws-sdk/client-transcribe-streaming';
import { AppError } from '../../lib/errors.js';
import { errors } from '../../lib/http.js';
import { contextOf } from '../../plugins/auth.js';
import type { AssistantService } from './assistant.service.js';
import { voiceNotConfigured, type VoiceProvider } from './voice.js';

const tags = ['assistant'];
const auditAs = { resourceType: 'assistant_turn' };
const MAX_AUDIO_BYTES = 10 * 1_048_576;
const ENCODINGS: Record<string, MediaEncoding> = {
  'audio/ogg': 'ogg-opus',
  'audio/flac': 'flac',
  'audio/pcm': 'pcm',
  'audio/l16': 'pcm',
};

const TranscriptionQuery = Type.Object(
  {
    sampleRate: Type.Optional(
      Type.Integer({ minimum: 8000, maximum: 48000, default: 16000, description: 'Hz of the audio sent' }),
    ),
  },
  { additionalProperties: false },
);

async function* limited(body: AsyncIterable<Uint8Array>, max: number) {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.length;
    if (seen > max) throw new AppError('PAYLOAD_TOO_LARGE', `Audio is limited to ${max / 1_048_576} MB`);
    yield chunk;
  }
}

/** /api/assistant: the REST side of the helper (the streaming side is GET /ws). */
export const assistantRoutes: FastifyPluginAsyncTypebox<{
  service: AssistantService;
  voice: VoiceProvider | undefined;
}> = async (app, { service, voice }) => {
  // Raw audio for transcription arrives as a stream; it is passed on as it comes, never buffered whole.
  app.addContentTypeParser(/^audio\//, (_request, payload, done) => done(null, payload));

  app.post(
    '/messages',
    {
      // A long answer may stream for longer than the usual request timeout; the provider's own idle
      // timeout (ASSISTANT_TIMEOUT_MS) still ends a stalled one.
      handlerTimeout: 120_000,
      config: { permission: 'assistant.use', auditAs },
      schema: {
        tags,
        summary: 'Ask the health helper (the whole answer at once; GET /ws streams it)',
        body: AssistantQuestion,
        response: { 200: AssistantAnswer, ...errors(400, 401, 403, 404, 502, 504) },
      },
    },
    async (request) => service.ask(contextOf(request), request.body),
  );

  app.get(
    '/conversations',
    {
      config: { permission: 'assistant.use', auditAs: { resourceType: 'conversation' } },
      schema: {
        tags,
        summary: 'The caller’s own conversations, most recently active first',
        querystring: ConversationListQuery,
        response: { 200: ConversationPage, ...errors(400, 401) },
      },
    },
    async (request) => service.conversations(contextOf(request), request.query),
  );

  app.get(
    '/conversations/:id',
    {
      config: { permission: 'assistant.use', auditAs: { resourceType: 'conversation' } },
      schema: {
        tags,
        summary: 'A conversation of the caller with its messages (to resume it, send its id)',
        params: IdParams,
        response: { 200: ConversationWithMessages, ...errors(400, 401, 404) },
      },
    },
    async (request) => service.conversation(contextOf(request), request.params.id),
  );

  app.post(
    '/speech',
    {
      config: { permission: 'assistant.use' },
      schema: {
        tags,
        summary: 'Read text aloud with Amazon Polly (audio/mpeg); 501 when not configured',
        body: SpeechInput,
        produces: ['audio/mpeg'],
        response: {
          200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }),
          ...errors(400, 401, 501),
        },
      },
    },
    async (request, reply) => {
      if (!voice) throw voiceNotConfigured();
      const audio = await voice.speak(request.body.text);
      return reply.type('audio/mpeg').send(audio);
    },
  );

  app.post(
    '/transcriptions',
    {
      handlerTimeout: 120_000,
      config: { permission: 'assistant.use' },
      schema: {
        tags,
        summary: 'Speech to text with Amazon Transcribe (streaming); 501 when not configured',
        description:
          'Body: the recording, `audio/ogg` (Opus), `audio/flac` or `audio/pcm` (16-bit little-endian, ' +
          'mono, at `sampleRate`), at most 10 MB.',
        consumes: ['audio/ogg', 'audio/flac', 'audio/pcm'],
        querystring: TranscriptionQuery,
        response: { 200: Transcription, ...errors(400, 401, 413, 415, 501, 502) },
      },
    },
    async (request) => {
      if (!voice) throw voiceNotConfigured();
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const encoding = ENCODINGS[type];
      if (!encoding)
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send audio/ogg (Opus), audio/flac or audio/pcm');
      const controller = new AbortController();
      request.raw.on('close', () => controller.abort());
      const body = request.body as AsyncIterable<Uint8Array>;
      try {
        const text = await voice.transcribe(
          { encoding, sampleRate: request.query.sampleRate ?? 16000, chunks: limited(body, MAX_AUDIO_BYTES) },
          controller.signal,
        );
        return { text };
      } catch (error) {
        if (error instanceof AppError) throw error;
        request.log.warn({ err: { message: (error as Error).message } }, 'transcription failed');
        throw new AppError('ASSISTANT_PROVIDER_FAILED', 'Speech recognition failed; please try again');
      }
    },
  );
};
