import {
  APPOINTMENT_STATUSES,
  type Appointment,
  type AppointmentInput,
  type AppointmentStatus,
} from '@medicare/contracts';
import type { Appointment as FhirAppointment } from '@medplum/fhirtypes';
import { fhirInvalid } from '../outcome.js';
import { idOfReference, metaOf, requireShape } from './common.js';

export const APPOINTMENT_ELEMENTS: Record<string, string> = {
  '/patientId': 'Appointment.participant.actor',
  '/practitionerId': 'Appointment.participant.actor',
  '/start': 'Appointment.start',
  '/end': 'Appointment.end',
  '/status': 'Appointment.status',
  '/reason': 'Appointment.reasonCode.text',
  '/notes': 'Appointment.comment',
};

const ALLOWED = [
  'id',
  'meta',
  'text',
  'status',
  'reasonCode',
  'comment',
  'start',
  'end',
  'minutesDuration',
  'created',
  'participant',
] as const;

/** Our statuses are FHIR's own codes (R4 AppointmentStatus), a subset of them. */
const isOurStatus = (s: string | undefined): s is AppointmentStatus =>
  (APPOINTMENT_STATUSES as readonly string[]).includes(s ?? '');

export function toFhirAppointment(a: Appointment): FhirAppointment {
  return {
    resourceType: 'Appointment',
    id: a.id,
    meta: metaOf(a.version, a.updatedAt),
    status: a.status,
    ...(a.reason ? { reasonCode: [{ text: a.reason }] } : {}),
    ...(a.notes ? { comment: a.notes } : {}),
    start: a.start,
    end: a.end,
    minutesDuration: Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000),
    created: a.createdAt,
    participant: [
      {
        actor: { reference: `Patient/${a.patientId}`, display: a.patientName },
        required: 'required',
        status: 'accepted',
      },
      { actor: { reference: `Practitioner/${a.practitionerId}` }, required: 'required', status: 'accepted' },
    ],
  };
}

export function fromFhirAppointment(body: unknown): AppointmentInput {
  const r = requireShape(body, 'Appointment', ALLOWED) as unknown as FhirAppointment;
  const issues: { path: string; message: string }[] = [];
  const actors = r.participant?.map((p) => p.actor) ?? [];
  const patients = actors.map((a) => idOfReference(a, 'Patient')).filter((id) => id !== undefined);
  const practitioners = actors.map((a) => idOfReference(a, 'Practitioner')).filter((id) => id !== undefined);
  if (patients.length !== 1)
    issues.push({
      path: 'Appointment.participant.actor',
      message: 'must name exactly one Patient/<id> of this server',
    });
  if (practitioners.length !== 1)
    issues.push({
      path: 'Appointment.participant.actor',
      message: 'must name exactly one Practitioner/<id> of this server',
    });
  if (actors.length !== patients.length + practitioners.length)
    issues.push({
      path: 'Appointment.participant.actor',
      message: 'only the patient and the practitioner are kept',
    });
  if (!isOurStatus(r.status))
    issues.push({
      path: 'Appointment.status',
      message: `must be one of: ${APPOINTMENT_STATUSES.join(', ')}`,
    });
  if (!r.start) issues.push({ path: 'Appointment.start', message: 'is required' });
  if (!r.end) issues.push({ path: 'Appointment.end', message: 'is required' });
  if ((r.reasonCode?.length ?? 0) > 1)
    issues.push({ path: 'Appointment.reasonCode', message: 'one reason is kept' });
  const reason = r.reasonCode?.[0];
  if (reason && !reason.text)
    issues.push({ path: 'Appointment.reasonCode.text', message: 'the reason is kept as text' });
  if (issues.length > 0) throw fhirInvalid(issues);
  return {
    patientId: patients[0]!,
    practitionerId: practitioners[0]!,
    start: r.start!,
    end: r.end!,
    status: r.status as AppointmentStatus,
    reason: reason?.text ?? null,
    notes: r.comment ?? null,
  };
}
