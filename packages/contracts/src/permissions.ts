import type { Role } from './auth.js';

/**
 * The permission matrix: the one table the API enforces and the web app reads to show only what a
 * role may do (docs/security.md shows it). `all`: any record; `own`: only records of the caller's
 * own patient (the patient role); absent: the role may not use it (403).
 */
export type Grant = 'all' | 'own';

export const PERMISSIONS = {
  'patient.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'patient.search': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'patient.create': { admin: 'all', front_desk: 'all' },
  'patient.update': { admin: 'all', front_desk: 'all' },
  'patient.delete': { admin: 'all' },
  'patient.accessLog': { admin: 'all', patient: 'own' },
  'clinical.read': { admin: 'all', clinician: 'all', patient: 'own' },
  'clinical.write': { admin: 'all', clinician: 'all' },
  'practitioner.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
  'practitioner.write': { admin: 'all' },
  /** Working hours: everyone sees them (to pick a time); admins set them. */
  'availability.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
  'availability.write': { admin: 'all' },
  /** Appointment types; a patient sees only the self-bookable ones. */
  'appointmentType.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
  'appointmentType.write': { admin: 'all' },
  /** Free slots (times only, nothing about who holds the others). */
  'slot.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
  'appointment.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'appointment.book': { admin: 'all', front_desk: 'all', patient: 'own' },
  /** Reschedule, reassign, edit: everything about an appointment. */
  'appointment.update': { admin: 'all', front_desk: 'all' },
  /** Change only the status (arrived, fulfilled, no-show, cancelled). */
  'appointment.setStatus': { admin: 'all', clinician: 'all', front_desk: 'all' },
  /** Cancel, and nothing else (a patient cancels their own). */
  'appointment.cancel': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'appointment.delete': { admin: 'all', front_desk: 'all' },
  /** The embedded mode's outbox of reminders (no SMTP/SMS provider): the desk passes them on. */
  'reminder.outbox': { admin: 'all', front_desk: 'all' },
  /** Move to another time (a patient moves their own, up to the cut-off, into free slots only). */
  'appointment.reschedule': { admin: 'all', front_desk: 'all', patient: 'own' },
  /** Book outside a practitioner's working hours, with a stated reason. */
  'appointment.override': { admin: 'all', front_desk: 'all' },
  /** How often a patient did not come. */
  'appointment.attendance': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'user.manage': { admin: 'all' },
  'audit.read': { admin: 'all' },
  /** Bring records in from elsewhere: the CSV import of patients (issue 18). */
  'import.run': { admin: 'all' },
  /** Every record out at once: FHIR Bulk Data $export, its status and its files (issue 18). */
  'data.export': { admin: 'all' },
  /** A patient's documents: the list and metadata (front desk sees these, never the file). */
  'document.metadata': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'own' },
  'document.content': { admin: 'all', clinician: 'all', patient: 'own' },
  'document.upload': { admin: 'all', clinician: 'all', patient: 'own' },
  'document.delete': { admin: 'all', clinician: 'all' },
  /** The clinic's knowledge base (guidelines, leaflets): no patient data. */
  'knowledge.read': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
  'knowledge.write': { admin: 'all' },
  /** The AI helper; what it may retrieve about a patient follows clinical.read. */
  'assistant.use': { admin: 'all', clinician: 'all', front_desk: 'all', patient: 'all' },
} as const satisfies Record<string, Partial<Record<Role, Grant>>>;

export type Permission = keyof typeof PERMISSIONS;

export function grantOf(role: Role, permission: Permission): Grant | undefined {
  return (PERMISSIONS[permission] as Partial<Record<Role, Grant>>)[role];
}
