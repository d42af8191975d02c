import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Database, Executor } from '../../db/client.js';
import type { DocumentRow } from '../../db/schema/index.js';
import { AppError } from '../../lib/errors.js';
import type { Storage } from '../../storage/index.js';
import * as repo from './documents.repository.js';
import { sentencesOf } from './sentences.js';
import { deidentifier } from '../../platform/deidentify/index.js';
import type { Embedder } from '../../platform/embeddings.js';
import { findPatient } from '../patients/index.js';

const EMBED_BATCH = 32;

const PASSAGE_CHARS = 700;

/**
 * One page's text as passages of whole sentences, at most ~700 characters each (a longer sentence
 * stands alone). Sentences inside a passage are separated by a newline, so the assistant can quote
 * the ones that answer a question and not the start of the passage.
 */
export function passagesOf(pages: string[]): repo.Passage[] {
  const out: repo.Passage[] = [];
  pages.forEach((raw, index) => {
    let position = 0;
    let current: string[] = [];
    let length = 0;
    const flush = () => {
      if (current.length > 0) out.push({ page: index + 1, position: position++, text: current.join('\n') });
      current = [];
      length = 0;
    };
    for (const sentence of sentencesOf(raw)) {
      if (length > 0 && length + sentence.length + 1 > PASSAGE_CHARS) flush();
      current.push(sentence);
      length += sentence.length + 1;
    }
    flush();
  });
  return out;
}

/** The stored bytes, refused unless their SHA-256 is the one recorded at upload. */
export async function readVerified(
  storage: Storage,
  row: Pick<DocumentRow, 'storageKey' | 'sha256'>,
): Promise<Buffer> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  for await (const chunk of await storage.get(row.storageKey)) {
    hash.update(chunk as Buffer);
    parts.push(chunk as Buffer);
  }
  if (hash.digest('hex') !== row.sha256) throw integrityFailed();
  return Buffer.concat(parts);
}

/** Streams the stored object once through SHA-256 without keeping it; true when it matches. */
export async function verifyStored(
  storage: Storage,
  row: Pick<DocumentRow, 'storageKey' | 'sha256'>,
): Promise<boolean> {
  const hash = createHash('sha256');
  for await (const chunk of await storage.get(row.storageKey)) hash.update(chunk as Buffer);
  return hash.digest('hex') === row.sha256;
}

export const integrityFailed = () =>
  new AppError('DOCUMENT_INTEGRITY_FAILED', 'The stored file does not match its checksum; it was not sent');

/** Text per page of a PDF (pdf.js through unpdf). */
export async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(bytes);
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text;
  } finally {
    await pdf.destroy();
  }
}

/**
 * Embeds a document's passages, de-identified first (the embeddings service is external): the
 * identifiers of the document's patient, and anything shaped like one.
 */
export async function embedPassages(
  db: Executor,
  embedder: Embedder,
  row: Pick<DocumentRow, 'id' | 'patientId'>,
): Promise<void> {
  const patient = row.patientId ? await findPatient(db, row.patientId) : undefined;
  const deid = deidentifier(patient ? [patient] : []);
  const chunks = await repo.chunksOf(db, row.id);
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    const batch = chunks.slice(i, i + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map((c) => deid.scrub(c.text)));
    await repo.insertEmbeddings(
      db,
      batch.map((c, k) => ({ chunkId: c.id, model: embedder.model, embedding: vectors[k]! })),
    );
  }
}

export type Indexer = ReturnType<typeof createIndexer>;

/**
 * Text extraction in the background, one document at a time, after the upload has answered: a
 * 20 MB PDF can take seconds of CPU, which an upload should not wait for. `text_status` says where
 * a document is; documents left `pending` by a restart are picked up again by `sweep`.
 */
export function createIndexer(deps: {
  database: Pick<Database, 'db'>;
  storage: Storage;
  log: FastifyBaseLogger;
  /** When set, passages are also embedded (de-identified first) for retrieval by meaning. */
  embedder?: Embedder | undefined;
}) {
  const { database, storage, log, embedder } = deps;

  /** A failure to embed leaves full-text search working and is only logged. */
  async function embed(row: DocumentRow): Promise<void> {
    if (!embedder) return;
    try {
      await embedPassages(database.db, embedder, row);
    } catch (error) {
      log.warn({ documentId: row.id, err: { message: (error as Error).message } }, 'embedding failed');
    }
  }

  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  async function index(row: DocumentRow): Promise<void> {
    if (row.contentType !== 'application/pdf') {
      await repo.setTextStatus(database.db, row.id, 'none');
      return;
    }
    try {
      const pages = await pdfPages(new Uint8Array(await readVerified(storage, row)));
      const passages = passagesOf(pages);
      await database.db.transaction((tx) => repo.replaceChunks(tx, row.id, passages));
      // Embedded before it reads as done, so "done" means searchable both ways. A restart in between
      // leaves it pending, and the sweep indexes it again (replacing passages drops their vectors).
      await embed(row);
      await repo.setTextStatus(database.db, row.id, 'done', pages.length);
    } catch (error) {
      // The document's id only: its title or text may be PHI.
      log.warn({ documentId: row.id, err: { message: (error as Error).message } }, 'text extraction failed');
      await repo.setTextStatus(database.db, row.id, 'failed');
    }
  }

  return {
    enqueue(row: DocumentRow) {
      if (closed) return;
      queue = queue.then(() => index(row)).catch((err: unknown) => log.error({ err }, 'indexer failed'));
    },
    async sweep(knowledge: boolean) {
      for (const row of await repo.pendingDocuments(database.db, knowledge)) this.enqueue(row);
    },
    /** Stops taking work and waits for what is in hand (graceful shutdown). */
    async close() {
      closed = true;
      await queue;
    },
  };
}
