import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, requiredRef } from './columns.js';
import { patients } from './patients.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Files: a patient's medical documents, or (patient_id null) the clinic's knowledge base of
 * guidelines and leaflets that the assistant retrieves from. The bytes live in storage (a local
 * directory or S3) under storage_key; the SHA-256 is checked on every read.
 */
export const documents = pgTable(
  'documents',
  {
    id: idColumn(),
    patientId: uuid('patient_id').references(() => patients.id),
    title: text('title').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type', { enum: ['application/pdf', 'image/png', 'image/jpeg'] }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    pageCount: integer('page_count'),
    /** Text extraction: pending, done, none (an image), failed. */
    textStatus: text('text_status', { enum: ['pending', 'done', 'none', 'failed'] })
      .notNull()
      .default('pending'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    index('documents_patient_idx').on(t.patientId, t.createdAt),
    uniqueIndex('documents_storage_key').on(t.storageKey),
  ],
);

/** Passages of a document's text, a page or part of one each, indexed for full-text search. */
export const documentChunks = pgTable(
  'document_chunks',
  {
    id: idColumn(),
    documentId: requiredRef('document_id', () => documents.id),
    page: integer('page').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', text)`),
  },
  (t) => [
    index('document_chunks_search_idx').using('gin', t.search),
    index('document_chunks_document_idx').on(t.documentId, t.page, t.position),
  ],
);

/**
 * A passage's embedding (retrieval by meaning), from the de-identified passage. A plain real[] so
 * every PostgreSQL has it; where the pgvector extension is installed the search casts it to
 * `vector` (docs/decisions/060). Gone with its passage.
 */
export const documentChunkEmbeddings = pgTable('document_chunk_embeddings', {
  chunkId: uuid('chunk_id')
    .primaryKey()
    .references(() => documentChunks.id, { onDelete: 'cascade' }),
  model: text('model').notNull(),
  embedding: real('embedding').array().notNull(),
});

/** An assistant conversation: one user's, optionally about one patient. */
export const conversations = pgTable(
  'conversations',
  {
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    patientId: uuid('patient_id').references(() => patients.id),
    title: text('title').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversations_user_idx').on(t.userId, t.updatedAt)],
);

export type Citation = { documentId: string; title: string; page: number; excerpt: string };

export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: idColumn(),
    conversationId: requiredRef('conversation_id', () => conversations.id),
    role: text('role', { enum: ['user', 'assistant'] }).notNull(),
    content: text('content').notNull(),
    citations: jsonb('citations').$type<Citation[]>().notNull().default([]),
    provider: text('provider'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('conversation_messages_conversation_idx').on(t.conversationId, t.createdAt)],
);

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentChunkRow = typeof documentChunks.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationMessageRow = typeof conversationMessages.$inferSelect;
