import Type from 'typebox';
import { Instant, Page, PageQuery, Uuid } from './common.js';

/** The file types the API accepts, recognised by their first bytes, never by name or declared type. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

/** A stored file: a patient's medical document, or (patientId null) a knowledge-base document. */
export const DocumentMeta = Type.Object(
  {
    id: Uuid,
    patientId: Type.Union([Uuid, Type.Null()]),
    title: Type.String(),
    filename: Type.String(),
    contentType: Type.Enum(DOCUMENT_CONTENT_TYPES),
    sizeBytes: Type.Integer(),
    sha256: Type.String({ description: 'Hex SHA-256 of the bytes; checked again on every server-side read' }),
    pageCount: Type.Union([Type.Integer(), Type.Null()]),
    textStatus: Type.Enum(['pending', 'done', 'none', 'failed'], {
      description: 'Text extraction for search: pending, done (a PDF), none (an image), failed',
    }),
    uploadedBy: Type.Union([Uuid, Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type DocumentMeta = Type.Static<typeof DocumentMeta>;

export const DocumentPage = Page(DocumentMeta);
export type DocumentPage = Type.Static<typeof DocumentPage>;

export const DocumentListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export type DocumentListQuery = Type.Static<typeof DocumentListQuery>;

export const DocumentParams = Type.Object({ id: Uuid, docId: Uuid }, { additionalProperties: false });
export const KnowledgeParams = Type.Object({ docId: Uuid }, { additionalProperties: false });

export const DocumentContentQuery = Type.Object(
  { download: Type.Optional(Type.Boolean({ description: 'Ask the browser to save rather than show it' })) },
  { additionalProperties: false },
);

/** A value found in a document's text that could become an observation, once a clinician confirms it. */
export const LabValueProposal = Type.Object(
  {
    code: Type.String({ description: 'Observation code (LOINC), as POST …/observations takes it' }),
    display: Type.String(),
    value: Type.Number(),
    unit: Type.String({ description: 'UCUM unit, as POST …/observations takes it' }),
    page: Type.Integer({ minimum: 1 }),
    text: Type.String({ description: 'The line of the document it was read from' }),
  },
  { additionalProperties: false },
);
export type LabValueProposal = Type.Static<typeof LabValueProposal>;

/** GET /api/patients/:id/documents/:docId/lab-values: proposals only; nothing is recorded. */
export const LabValueProposals = Type.Object(
  {
    documentId: Uuid,
    effectiveAt: Type.Union([Instant, Type.Null()], {
      description: 'The collection or report date found in the text, if any',
    }),
    items: Type.Array(LabValueProposal),
  },
  { additionalProperties: false },
);
export type LabValueProposals = Type.Static<typeof LabValueProposals>;
