import type { Executor } from '../../db/client.js';
import type { PatientRow } from '../../db/schema/index.js';
import type { Permission } from '../../auth/permissions.js';
import type { RequestContext } from '../../auth/principal.js';
import { requireScope } from '../../auth/scope.js';
import { notFound } from '../../lib/errors.js';
import { findPatient, lockPatient } from './patients.repository.js';

const MISSING = { code: 'PATIENT_NOT_FOUND', message: 'Patient not found' } as const;

/**
 * The one patient access check every feature uses: scope first (another patient's record answers
 * exactly as a missing one, 404, and the audit trail says denied), then existence. Pass the
 * transaction the work runs in, so the check and the work see the same patient.
 */
export async function requirePatientInScope(
  tx: Executor,
  ctx: RequestContext,
  permission: Permission,
  patientId: string,
): Promise<PatientRow> {
  requireScope(ctx, permission, patientId, MISSING);
  const row = await findPatient(tx, patientId);
  if (!row) throw notFound('PATIENT_NOT_FOUND', 'Patient');
  return row;
}

/** Whether a live patient exists (no scope check: for references a caller names, e.g. a user's link). */
export async function patientExists(ex: Executor, id: string): Promise<boolean> {
  return (await findPatient(ex, id)) !== undefined;
}

/** Locks a live patient against deletion until the transaction ends; false when there is none. */
export { lockPatient };
