import type { ErrorCode, ErrorIssue } from '@medicare/contracts';
import { ScopeDenied } from '../platform/audit.js';
import { grantOf, type Permission } from './permissions.js';
import type { RequestContext } from './principal.js';

/** The patient record the caller is confined to, or undefined when the role may see every patient. */
export function ownPatientOnly(ctx: RequestContext, permission: Permission): string | undefined {
  if (grantOf(ctx.principal.role, permission) !== 'own') return undefined;
  // A patient-role user always has a patient; the database's check constraint makes sure.
  return ctx.principal.patientId ?? '00000000-0000-0000-0000-000000000000';
}

/**
 * Object-level access: a record of another patient answers exactly as a missing one would
 * (404, or the given code), so a caller cannot learn that it exists. The audit trail says denied.
 */
export function requireScope(
  ctx: RequestContext,
  permission: Permission,
  patientId: string,
  refusal: { code: ErrorCode; message: string; issues?: ErrorIssue[] },
): void {
  const own = ownPatientOnly(ctx, permission);
  if (own !== undefined && own !== patientId) {
    throw new ScopeDenied(refusal.code, refusal.message, refusal.issues ? { issues: refusal.issues } : {});
  }
}
