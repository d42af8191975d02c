import type { Role } from '@medicare/contracts';

/**
 * What each role may do, as docs/security.md's matrix says. The UI shows only what a role may do;
 * the API enforces the same table whatever the UI shows.
 */
const MATRIX = {
  'patient.search': ['admin', 'clinician', 'front_desk'],
  'patient.create': ['admin', 'front_desk'],
  'patient.update': ['admin', 'front_desk'],
  'patient.accessLog': ['admin', 'patient'],
  'appointment.book': ['admin', 'front_desk', 'patient'],
  'appointment.update': ['admin', 'front_desk'],
  'appointment.setStatus': ['admin', 'clinician', 'front_desk'],
  'appointment.cancel': ['admin', 'clinician', 'front_desk', 'patient'],
  'clinical.read': ['admin', 'clinician', 'patient'],
  'clinical.write': ['admin', 'clinician'],
  'document.read': ['admin', 'clinician', 'front_desk', 'patient'],
  'document.content': ['admin', 'clinician', 'patient'],
  'document.upload': ['admin', 'clinician', 'patient'],
  'document.delete': ['admin', 'clinician'],
  'knowledge.manage': ['admin'],
  'assistant.use': ['admin', 'clinician', 'front_desk', 'patient'],
  'user.manage': ['admin'],
  'audit.read': ['admin'],
  'staff.pages': ['admin', 'clinician', 'front_desk'],
  'portal.pages': ['patient'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof MATRIX;

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (MATRIX[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  clinician: 'Clinician',
  front_desk: 'Front desk',
  patient: 'Patient',
};
