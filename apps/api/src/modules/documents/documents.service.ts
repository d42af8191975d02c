import { randomUUID } from 'node:crypto';
import type { DocumentListQuery, DocumentMeta, DocumentPage, LabValueProposals } from '@medicare/contracts';
import type { Database, Executor } from '../../db/client.js';
import type { DocumentRow } from '../../db/schema/index.js';
import type { Permission } from '../../auth/permissions.js';
import type { RequestContext } from '../../auth/principal.js';
import { keyset } from '../../lib/cursor.js';
import { notFound } from '../../lib/errors.js';
import type { Delivery, Storage } from '../../storage/index.js';
import { audited } from '../../platform/audit.js';
import { requirePatientInScope } from '../patients/index.js';
import * as repo from './documents.repository.js';
import { integrityFailed, verifyStored, type Indexer } from './extract.js';
import { collectedAt, labValuesIn } from './lab-values.js';
import { auditedInPhases } from '../../platform/audit-phases.js';
import type { Receive } from './upload.js';

/** Newest first by (created_at, id). */
const newestFirst = keyset('instant', 'uuid');

export function toDocumentMeta(row: DocumentRow): DocumentMeta {
  return {
    id: row.id,
    patientId: row.patientId,
    title: row.title,
    filename: row.filename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    pageCount: row.pageCount,
    textStatus: row.textStatus,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

const titleOf = (filename: string) => filename.replace(/\.[A-Za-z0-9]{1,5}$/, '') || filename;

export type DocumentsService = ReturnType<typeof createDocumentsService>;

/**
 * Files of one kind of owner: a patient's documents (`patients`), or the clinic's knowledge base
 * (`knowledge`, owner null). The same pipeline for both; every call writes one audit event.
 */
export function createDocumentsService(deps: {
  database: Pick<Database, 'db'>;
  storage: Storage;
  indexer: Indexer;
  kind: 'patients' | 'knowledge';
}) {
  const { database, storage, indexer, kind } = deps;
  const resourceType = kind === 'patients' ? 'document' : 'knowledge_document';
  const subject = (action: 'read' | 'search' | 'create' | 'delete', owner: repo.Owner, id?: string) => ({
    action,
    resourceType,
    resourceId: id ?? null,
    patientId: owner,
  });

  /** A patient's record: scope first (another patient's is 404), then existence. */
  async function requireOwner(ctx: RequestContext, permission: Permission, owner: repo.Owner, ex: Executor) {
    if (owner !== null) await requirePatientInScope(ex, ctx, permission, owner);
  }

  async function requireDocument(ex: Executor, owner: repo.Owner, id: string): Promise<DocumentRow> {
    const row = await repo.findDocument(ex, owner, id);
    if (!row) throw notFound('DOCUMENT_NOT_FOUND', 'Document');
    return row;
  }

  return {
    async upload(ctx: RequestContext, owner: repo.Owner, receive: Receive): Promise<DocumentMeta> {
      const id = randomUUID();
      const key = owner === null ? `knowledge/${id}` : `patients/${owner}/${id}`;
      const row = await auditedInPhases(
        database,
        ctx,
        subject('create', owner, id),
        async () => {
          await requireOwner(ctx, 'document.upload', owner, database.db);
          return receive(key);
        },
        async (tx, file) => {
          try {
            const created = await repo.insertDocument(tx, {
              id,
              patientId: owner,
              title: file.title ?? titleOf(file.filename),
              filename: file.filename,
              contentType: file.contentType,
              sizeBytes: file.sizeBytes,
              sha256: file.sha256,
              storageKey: key,
              textStatus: file.contentType === 'application/pdf' ? 'pending' : 'none',
              uploadedBy: ctx.principal.userId,
            });
            return { result: created };
          } catch (error) {
            await storage.delete(key).catch(() => {});
            throw error;
          }
        },
      );
      if (row.textStatus === 'pending') indexer.enqueue(row);
      return toDocumentMeta(row);
    },

    async list(ctx: RequestContext, owner: repo.Owner, query: DocumentListQuery): Promise<DocumentPage> {
      const limit = query.limit ?? 20;
      const before = newestFirst.decode(query.cursor);
      return audited(database, ctx, subject('search', owner), async (tx) => {
        await requireOwner(ctx, 'document.metadata', owner, tx);
        const rows = await repo.listDocuments(tx, {
          owner,
          limit,
          before: before && { at: before[0], id: before[1] },
        });
        const { items, nextCursor } = newestFirst.page(rows, limit, (d) => [d.createdAt.toISOString(), d.id]);
        return {
          result: { items: items.map(toDocumentMeta), nextCursor },
          resultIds: items.map((d) => d.id),
        };
      });
    },

    async get(ctx: RequestContext, owner: repo.Owner, id: string): Promise<DocumentMeta> {
      return audited(database, ctx, subject('read', owner, id), async (tx) => {
        await requireOwner(ctx, 'document.metadata', owner, tx);
        return { result: toDocumentMeta(await requireDocument(tx, owner, id)) };
      });
    },

    /**
     * The file. Local storage: its SHA-256 is checked before the first byte is sent, then it is
     * streamed. S3: the object's size is checked and the client gets a presigned URL (5 minutes).
     */
    async content(
      ctx: RequestContext,
      owner: repo.Owner,
      id: string,
      download: boolean,
    ): Promise<{ meta: DocumentMeta; delivery: Delivery }> {
      const row = await audited(database, ctx, subject('read', owner, id), async (tx) => {
        await requireOwner(ctx, 'document.content', owner, tx);
        return { result: await requireDocument(tx, owner, id) };
      });
      const intact =
        storage.kind === 'local'
          ? await verifyStored(storage, row).catch(() => false)
          : (await storage.size(row.storageKey)) === row.sizeBytes;
      if (!intact) throw integrityFailed();
      const delivery = await storage.deliver(row.storageKey, {
        filename: row.filename,
        contentType: row.contentType,
        download,
      });
      return { meta: toDocumentMeta(row), delivery };
    },

    /**
     * Lab values read from a patient's document, proposed as observations. Proposes only: the
     * clinician confirms each value, and the web app records the confirmed ones through POST
     * …/observations (audited there). Reading the text is audited here as a read of the document.
     */
    async labValues(ctx: RequestContext, owner: string, id: string): Promise<LabValueProposals> {
      return audited(database, ctx, subject('read', owner, id), async (tx) => {
        await requireOwner(ctx, 'clinical.write', owner, tx);
        await requireDocument(tx, owner, id);
        const passages = await repo.chunksOf(tx, id);
        return {
          result: { documentId: id, effectiveAt: collectedAt(passages), items: labValuesIn(passages) },
        };
      });
    },

    /** Soft: the row stays (and the bytes, for retention); it leaves every list and search. */
    async remove(ctx: RequestContext, owner: repo.Owner, id: string): Promise<void> {
      await audited(database, ctx, subject('delete', owner, id), async (tx) => {
        await requireOwner(ctx, 'document.delete', owner, tx);
        if (!(await repo.softDeleteDocument(tx, owner, id))) throw notFound('DOCUMENT_NOT_FOUND', 'Document');
        return { result: undefined };
      });
    },
  };
}
