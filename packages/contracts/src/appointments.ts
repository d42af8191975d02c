import Type from 'typebox';
import { Instant, Nullable, Page, PageQuery, ServerOwned, Uuid } from './common.js';

/** The one list of statuses (the database's check constraint is built from it). */
export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'] as const;
export const AppointmentStatus = Type.Enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = Type.Static<typeof AppointmentStatus>;

/** Statuses that hold a slot: two of these never overlap for one practitioner or one patient. */
export const ACTIVE_APPOINTMENT_STATUSES = ['booked', 'arrived'] as const;

/** The longest appointment the clinic books. */
export const MAX_APPOINTMENT_MINUTES = 8 * 60;

const appointmentFields = {
  patientId: Uuid,
  practitionerId: Uuid,
  start: Instant,
  end: Instant,
  status: Type.Optional(AppointmentStatus),
  reason: Nullable(Type.String({ maxLength: 500 })),
  notes: Nullable(Type.String({ maxLength: 4000 })),
};

/** Body of POST /api/appointments. */
export const AppointmentInput = Type.Object(appointmentFields, { additionalProperties: false });
export type AppointmentInput = Type.Static<typeof AppointmentInput>;

/** Body of PUT /api/appointments/:id; a GET body is accepted as it is (patientName is ignored). */
export const AppointmentReplace = Type.Object(
  { ...appointmentFields, ...ServerOwned, patientName: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export type AppointmentReplace = Type.Static<typeof AppointmentReplace>;

export const Appointment = Type.Object(
  {
    id: Uuid,
    patientId: Uuid,
    patientName: Type.String({
      description: 'Given and family name, so a schedule needs no read per patient',
    }),
    practitionerId: Uuid,
    start: Instant,
    end: Instant,
    status: AppointmentStatus,
    reason: Type.Union([Type.String(), Type.Null()]),
    notes: Type.Union([Type.String(), Type.Null()]),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'Appointment', additionalProperties: false },
);
export type Appointment = Type.Static<typeof Appointment>;

export const AppointmentListQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    practitionerId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    status: Type.Optional(AppointmentStatus),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AppointmentListQuery = Type.Static<typeof AppointmentListQuery>;

export const AppointmentPatientParams = Type.Object({ patientId: Uuid }, { additionalProperties: false });

export const AppointmentPage = Page(Appointment);
export type AppointmentPage = Type.Static<typeof AppointmentPage>;

export const BusyQuery = Type.Object({ from: Instant, to: Instant }, { additionalProperties: false });
export type BusyQuery = Type.Static<typeof BusyQuery>;

/** When a practitioner is taken: times only, nothing about who (patients see this to pick a slot). */
export const BusyIntervals = Type.Object(
  {
    practitionerId: Uuid,
    from: Instant,
    to: Instant,
    intervals: Type.Array(Type.Object({ start: Instant, end: Instant }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type BusyIntervals = Type.Static<typeof BusyIntervals>;
