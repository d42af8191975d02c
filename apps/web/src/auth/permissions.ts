import { grantOf, type Permission as ApiPermission, type Role } from '@medicare/contracts';

/**
 * What each role may do: the API's own permission table (packages/contracts), so the UI shows exactly
 * what the API allows. Two page groups are the web app's alone: staff pages and the patient portal.
 */
const PAGES = {
  'staff.pages': (role: Role) => role !== 'patient',
  'portal.pages': (role: Role) => role === 'patient',
} as const;

export type Permission = ApiPermission | keyof typeof PAGES;

export function can(role: Role | undefined, permission: Permission): boolean {
  if (role === undefined) return false;
  if (permission === 'staff.pages' || permission === 'portal.pages') return PAGES[permission](role);
  return grantOf(role, permission) !== undefined;
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  clinician: 'Clinician',
  front_desk: 'Front desk',
  patient: 'Patient',
};
