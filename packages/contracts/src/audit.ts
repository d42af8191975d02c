import Type from 'typebox';
import { Instant, Page, PageQuery, Uuid } from './common.js';

/** What an audit event records; the one list (the database's check constraint is built from it). */
export const AUDIT_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'delete',
  'login',
  'login_failed',
  'logout',
  'denied',
  /** A record written by an import (the SQLite migration or a CSV), by the operator who ran it. */
  'import',
] as const;
export const AUDIT_OUTCOMES = ['success', 'denied', 'error'] as const;
export const AuditAction = Type.Enum(AUDIT_ACTIONS);
export const AuditOutcome = Type.Enum(AUDIT_OUTCOMES);
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AuditEvent = Type.Object(
  {
    id: Uuid,
    at: Instant,
    actorId: Type.Union([Uuid, Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    action: AuditAction,
    resourceType: Type.String(),
    resourceId: Type.Union([Uuid, Type.Null()]),
    patientId: Type.Union([Uuid, Type.Null()]),
    outcome: AuditOutcome,
    requestId: Type.Union([Type.String(), Type.Null()]),
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
    resultIds: Type.Optional(Type.Array(Uuid, { description: 'For a search: the ids it returned' })),
  },
  { additionalProperties: false },
);
export type AuditEvent = Type.Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    action: Type.Optional(AuditAction),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AuditQuery = Type.Static<typeof AuditQuery>;

export const AccessLogQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const AuditPage = Page(AuditEvent);
export type AuditPage = Type.Static<typeof AuditPage>;
