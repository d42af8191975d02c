import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { newestFirst } from '../../db/keyset.js';
import {
  documentChunkEmbeddings,
  documentChunks,
  documents,
  type DocumentRow,
} from '../../db/schema/index.js';

/** Whose documents: a patient's, or (null) the clinic's knowledge base. */
export type Owner = string | null;

const live = isNull(documents.deletedAt);
const ownedBy = (owner: Owner) =>
  owner === null ? isNull(documents.patientId) : eq(documents.patientId, owner);

export async function insertDocument(ex: Executor, row: typeof documents.$inferInsert): Promise<DocumentRow> {
  const [created] = await ex.insert(documents).values(row).returning();
  return created!;
}

export async function findDocument(ex: Executor, owner: Owner, id: string): Promise<DocumentRow | undefined> {
  const [row] = await ex
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), ownedBy(owner), live));
  return row;
}

/** Newest first, paged by keyset on (created_at, id). */
export async function listDocuments(
  ex: Executor,
  f: { owner: Owner; limit: number; before?: { at: string; id: string } },
): Promise<DocumentRow[]> {
  const page = newestFirst(documents.createdAt, documents.id, f.before);
  return ex
    .select()
    .from(documents)
    .where(and(ownedBy(f.owner), live, page.after))
    .orderBy(...page.orderBy)
    .limit(f.limit + 1);
}

export async function softDeleteDocument(ex: Executor, owner: Owner, id: string): Promise<boolean> {
  const rows = await ex
    .update(documents)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(documents.id, id), ownedBy(owner), live))
    .returning({ id: documents.id });
  return rows.length > 0;
}

/** Documents still waiting for text extraction (e.g. after a restart), of patients or of the knowledge base. */
export async function pendingDocuments(ex: Executor, knowledge: boolean): Promise<DocumentRow[]> {
  return ex
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.textStatus, 'pending'),
        knowledge ? isNull(documents.patientId) : sql`${documents.patientId} is not null`,
        live,
      ),
    )
    .orderBy(documents.createdAt);
}

export async function setTextStatus(
  ex: Executor,
  id: string,
  textStatus: DocumentRow['textStatus'],
  pageCount: number | null = null,
): Promise<void> {
  await ex.update(documents).set({ textStatus, pageCount }).where(eq(documents.id, id));
}

export type Passage = { page: number; position: number; text: string };

export async function replaceChunks(ex: Executor, documentId: string, passages: Passage[]): Promise<void> {
  await ex.delete(documentChunks).where(eq(documentChunks.documentId, documentId));
  if (passages.length > 0)
    await ex.insert(documentChunks).values(passages.map((p) => ({ documentId, ...p })));
}

export type ChunkHit = {
  documentId: string;
  patientId: string | null;
  title: string;
  page: number;
  text: string;
  uploadedAt: Date;
  rank: number;
};

/** The passages a question may draw on: the knowledge base, plus that patient's own documents. */
const drawnFrom = (patientId: string | undefined) =>
  patientId
    ? sql`(${documents.patientId} is null or ${documents.patientId} = ${patientId}::uuid)`
    : isNull(documents.patientId);

/** What a retrieved passage says about itself (ChunkHit without its rank). */
const PASSAGE = {
  documentId: documentChunks.documentId,
  patientId: documents.patientId,
  title: documents.title,
  page: documentChunks.page,
  text: documentChunks.text,
  uploadedAt: documents.createdAt,
};

/**
 * Full-text search over live documents' passages: the knowledge base, plus one patient's documents
 * when `patientId` is given. `query` is websearch syntax; the best `limit` passages by ts_rank.
 */
export async function searchChunks(
  ex: Executor,
  f: { query: string; patientId?: string; limit: number },
): Promise<ChunkHit[]> {
  const q = sql`websearch_to_tsquery('english', ${f.query})`;
  const whose = drawnFrom(f.patientId);
  return ex
    .select({
      ...PASSAGE,
      rank: sql<number>`ts_rank(${documentChunks.search}, ${q})`.mapWith(Number),
    })
    .from(documentChunks)
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .where(and(sql`${documentChunks.search} @@ ${q}`, whose, live))
    .orderBy(
      sql`ts_rank(${documentChunks.search}, ${q}) desc`,
      documentChunks.documentId,
      documentChunks.position,
    )
    .limit(f.limit);
}

/** A document's passages in reading order, with their ids (to embed them, or read values from them). */
export async function chunksOf(
  ex: Executor,
  documentId: string,
): Promise<{ id: string; page: number; text: string }[]> {
  return ex
    .select({ id: documentChunks.id, page: documentChunks.page, text: documentChunks.text })
    .from(documentChunks)
    .where(eq(documentChunks.documentId, documentId))
    .orderBy(documentChunks.page, documentChunks.position);
}

export async function insertEmbeddings(
  ex: Executor,
  rows: { chunkId: string; model: string; embedding: number[] }[],
): Promise<void> {
  if (rows.length > 0) await ex.insert(documentChunkEmbeddings).values(rows).onConflictDoNothing();
}

/** Whether the pgvector extension is installed in this database. */
export async function hasPgvector(ex: Executor): Promise<boolean> {
  const rows = await ex.execute<{ present: boolean }>(
    sql`select exists (select 1 from pg_extension where extname = 'vector') as present`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { present: boolean }[] }).rows) as {
    present: boolean;
  }[];
  return list[0]?.present === true;
}

/**
 * The passages nearest in meaning to `vector` (unit length, so the dot product is the cosine), in
 * the same scope as `searchChunks`. With pgvector the distance is its `<=>`; without it, a plain
 * SQL dot product over the real[] (exact, a scan: fine for a clinic's few thousand passages).
 */
export async function searchByEmbedding(
  ex: Executor,
  f: { vector: number[]; model: string; patientId?: string; limit: number; pgvector: boolean },
): Promise<ChunkHit[]> {
  const literal = f.vector.map((x) => (Number.isFinite(x) ? x : 0)).join(',');
  const similarity = f.pgvector
    ? sql`1 - (${documentChunkEmbeddings.embedding}::vector <=> ${`[${literal}]`}::vector)`
    : sql`(select sum(a * b) from unnest(${documentChunkEmbeddings.embedding}, ${`{${literal}}`}::real[]) as t(a, b))`;
  const whose = drawnFrom(f.patientId);
  return ex
    .select({
      ...PASSAGE,
      rank: sql<number>`${similarity}`.mapWith(Number),
    })
    .from(documentChunkEmbeddings)
    .innerJoin(documentChunks, eq(documentChunks.id, documentChunkEmbeddings.chunkId))
    .innerJoin(documents, eq(documents.id, documentChunks.documentId))
    .where(and(eq(documentChunkEmbeddings.model, f.model), whose, live))
    .orderBy(sql`${similarity} desc`, documentChunks.documentId, documentChunks.position)
    .limit(f.limit);
}
