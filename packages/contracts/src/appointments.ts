import Type from 'typebox';
import { Instant, Nullable, Page, PageQuery, ServerOwned, Uuid } from './common.js';
import { Override, Recurrence } from './scheduling.js';

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
  end: Type.Optional(
    Type.Union([Instant, Type.Null()], {
      description: 'Required unless appointmentTypeId is given (then start + the type’s duration)',
    }),
  ),
  status: Type.Optional(AppointmentStatus),
  reason: Nullable(Type.String({ maxLength: 500 })),
  notes: Nullable(Type.String({ maxLength: 4000 })),
  appointmentTypeId: Nullable(Uuid),
  override: Type.Optional(Override),
};

/** Body of POST /api/appointments. */
export const AppointmentInput = Type.Object(
  { ...appointmentFields, recurrence: Type.Optional(Recurrence) },
  { additionalProperties: false },
);
export type AppointmentInput = Type.Static<typeof AppointmentInput>;

/** Body of PUT /api/appointments/:id; a GET body is accepted as it is (read-only fields are ignored). */
export const AppointmentReplace = Type.Object(
  {
    ...appointmentFields,
    ...ServerOwned,
    patientName: Type.Optional(Type.String()),
    seriesId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    cancellationReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    cancelledAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    overrideReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
export type AppointmentReplace = Type.Static<typeof AppointmentReplace>;

const appointmentShape = {
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
  appointmentTypeId: Type.Union([Uuid, Type.Null()]),
  seriesId: Type.Union([Uuid, Type.Null()], { description: 'The recurring series it belongs to' }),
  cancellationReason: Type.Union([Type.String(), Type.Null()]),
  cancelledAt: Type.Union([Instant, Type.Null()]),
  overrideReason: Type.Union([Type.String(), Type.Null()], {
    description: 'Why staff booked it outside working hours',
  }),
  createdAt: Instant,
  updatedAt: Instant,
  version: Type.Integer({ minimum: 1 }),
};

export const Appointment = Type.Object(appointmentShape, {
  $id: 'Appointment',
  additionalProperties: false,
});
/** The same, without the $id (a response that lists appointments in two places names none). */
const AppointmentItem = Type.Object(appointmentShape, { additionalProperties: false });
export type Appointment = Type.Static<typeof Appointment>;

export const AppointmentListQuery = Type.Object(
  {
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    practitionerId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    status: Type.Optional(AppointmentStatus),
    seriesId: Type.Optional(Uuid),
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

/** 201 of POST /api/appointments with a recurrence. */
export const SeriesCreated = Type.Object(
  {
    seriesId: Uuid,
    items: Type.Array(AppointmentItem),
    skipped: Type.Array(Type.Object({ start: Instant, end: Instant }, { additionalProperties: false }), {
      description: 'Occurrences left out because they clashed (recurrence.onConflict: skip)',
    }),
  },
  { additionalProperties: false },
);
export type SeriesCreated = Type.Static<typeof SeriesCreated>;

/** The appointments a cancel or move changed (one, or several occurrences of a series). */
export const AppointmentList = Type.Object(
  { items: Type.Array(Appointment) },
  { additionalProperties: false },
);
export type AppointmentList = Type.Static<typeof AppointmentList>;
