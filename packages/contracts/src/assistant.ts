import Type from 'typebox';
import { Instant, Page, PageQuery, Text, Uuid } from './common.js';

export const Citation = Type.Object(
  {
    documentId: Uuid,
    title: Type.String(),
    page: Type.Integer({ minimum: 1 }),
    excerpt: Type.String(),
    patientId: Type.Union([Uuid, Type.Null()], {
      description: 'null: a knowledge-base document (/api/knowledge/documents/:docId)',
    }),
  },
  { additionalProperties: false },
);
export type Citation = Type.Static<typeof Citation>;

export const ASSISTANT_PROVIDERS = ['offline', 'openai', 'bedrock', 'guardrail'] as const;
export type AssistantProviderName = (typeof ASSISTANT_PROVIDERS)[number];

/** POST /api/assistant/messages, and the `ask` frame of /ws. */
export const AssistantQuestion = Type.Object(
  {
    message: Text(4000),
    patientId: Type.Optional(Uuid),
    conversationId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type AssistantQuestion = Type.Static<typeof AssistantQuestion>;

export const AssistantAnswer = Type.Object(
  {
    conversationId: Uuid,
    messageId: Uuid,
    answer: Type.String(),
    citations: Type.Array(Citation),
    provider: Type.Enum(ASSISTANT_PROVIDERS),
  },
  { additionalProperties: false },
);
export type AssistantAnswer = Type.Static<typeof AssistantAnswer>;

export const Conversation = Type.Object(
  {
    id: Uuid,
    patientId: Type.Union([Uuid, Type.Null()]),
    title: Type.String(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type Conversation = Type.Static<typeof Conversation>;

export const ConversationMessage = Type.Object(
  {
    id: Uuid,
    role: Type.Enum(['user', 'assistant']),
    content: Type.String(),
    citations: Type.Array(Citation),
    provider: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type ConversationMessage = Type.Static<typeof ConversationMessage>;

export const ConversationWithMessages = Type.Object(
  { ...Conversation.properties, messages: Type.Array(ConversationMessage) },
  { additionalProperties: false },
);
export type ConversationWithMessages = Type.Static<typeof ConversationWithMessages>;

export const ConversationPage = Page(Conversation);
export type ConversationPage = Type.Static<typeof ConversationPage>;
export const ConversationListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type ConversationListQuery = Type.Static<typeof ConversationListQuery>;

export const SpeechInput = Type.Object(
  {
    text: Text(3000, 'What to read aloud (Amazon Polly takes up to 3,000 characters)'),
  },
  { additionalProperties: false },
);
export type SpeechInput = Type.Static<typeof SpeechInput>;

export const Transcription = Type.Object({ text: Type.String() }, { additionalProperties: false });
export type Transcription = Type.Static<typeof Transcription>;

/**
 * /ws frames. Client → server: auth, ask. Server → client: ready, start, token, done, error.
 * Documented in docs/api.md ("Assistant").
 */
export type AssistantClientFrame =
  { type: 'auth'; token: string } | ({ type: 'ask'; id?: string } & AssistantQuestion);
export type AssistantServerFrame =
  | { type: 'ready'; userId: string; role: string }
  | { type: 'start'; id: string; provider: AssistantProviderName }
  | { type: 'token'; id: string; text: string }
  | ({ type: 'done'; id: string } & AssistantAnswer)
  | { type: 'error'; id?: string; code: string; message: string };

/** Close codes of /ws. */
export const WS_CLOSE = {
  UNAUTHENTICATED: 4401,
  AUTH_TIMEOUT: 4408,
  SESSION_EXPIRED: 4440,
  /** More frames than a person types: more than 30 in 10 seconds. */
  TOO_MANY_FRAMES: 4429,
} as const;
