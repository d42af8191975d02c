import type { Executor } from '../db/client.js';
import type { Role } from '@medicare/contracts';

/** Who is calling, from a verified access token. */
export type Principal = {
  userId: string;
  role: Role;
  /** The caller's own patient record (patient role only). */
  patientId: string | null;
  sessionId: string;
  /** A token that only lets its user choose their own password (the admin chose the current one). */
  passwordChangeRequired?: boolean;
};

/** What a service needs of a request: the caller, and what the audit trail records of it. */
export type RequestContext = {
  principal: Principal;
  requestId: string;
  ip: string;
  userAgent: string | null;
  /** Set when the request carries an Idempotency-Key (plugins/idempotency.ts). */
  idempotency?: IdempotencyClaim;
};

/** Marks a request's Idempotency-Key as applied, inside the transaction that does its work. */
export type IdempotencyClaim = {
  claim(
    tx: Executor,
    found: { resourceType: string; resourceId?: string | null; patientId?: string | null },
  ): Promise<void>;
};

export { systemClock, type Clock } from '../platform/clock.js';
