import Type from 'typebox';
import { CalendarDate, Instant, Page, PageQuery, ServerOwned, Text, Uuid } from './common.js';

/** ISO weekdays: Monday 1 … Sunday 7. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Hours of a practitioner who has none set: Monday–Friday 08:00–18:00 in their own time zone
 * (docs/decisions/100-working-hours-and-slots.md).
 */
export const DEFAULT_WEEKLY_HOURS = [1, 2, 3, 4, 5].map((weekday) => ({
  weekday,
  start: '08:00',
  end: '18:00',
}));

/** The widest window GET /api/slots searches (a larger one answers 400). */
export const MAX_SLOT_WINDOW_DAYS = 31;
/** The most occurrences one series may have (a rule that yields more answers 400). */
export const MAX_SERIES_OCCURRENCES = 52;
/** How long after cancelling an appointment the cancellation can be undone (if the slot is still free). */
export const CANCEL_UNDO_MINUTES = 10;
/** Slots start on this grid (minutes past the start of a working range). */
export const SLOT_STEP_MINUTES = 15;

/** A local wall-clock time, `HH:MM` (24-hour; `24:00` only as the end of a range). */
export const WallTime = Type.String({
  pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$',
  description: 'Local wall-clock time HH:MM in the practitioner’s time zone (24:00 ends the day)',
});

export const TimeRange = Type.Object({ start: WallTime, end: WallTime }, { additionalProperties: false });
export type TimeRange = Type.Static<typeof TimeRange>;

export const WeeklyRange = Type.Object(
  {
    weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday: Monday 1 … Sunday 7' }),
    start: WallTime,
    end: WallTime,
  },
  { additionalProperties: false },
);
export type WeeklyRange = Type.Static<typeof WeeklyRange>;

export const AvailabilityException = Type.Object(
  {
    date: CalendarDate,
    ranges: Type.Array(TimeRange, {
      maxItems: 12,
      description: 'Replace that day’s weekly ranges; empty = closed',
    }),
  },
  { additionalProperties: false },
);
export type AvailabilityException = Type.Static<typeof AvailabilityException>;

const availabilityFields = {
  weekly: Type.Array(WeeklyRange, { maxItems: 84 }),
  exceptions: Type.Array(AvailabilityException, { maxItems: 400 }),
};

/** Body of PUT /api/practitioners/:id/availability; a GET body is accepted as it is. */
export const AvailabilityInput = Type.Object(
  {
    ...availabilityFields,
    timeZone: Type.Optional(Type.String({ description: 'Ignored (the practitioner’s own)' })),
    isDefault: Type.Optional(Type.Boolean({ description: 'Ignored' })),
  },
  { additionalProperties: false },
);
export type AvailabilityInput = Type.Static<typeof AvailabilityInput>;

/** GET /api/practitioners/:id/availability. */
export const Availability = Type.Object(
  {
    ...availabilityFields,
    timeZone: Type.String({ description: 'The practitioner’s IANA time zone the times are in' }),
    isDefault: Type.Boolean({
      description: 'true: none set yet, these are the clinic’s default hours (Mon–Fri 08:00–18:00)',
    }),
  },
  { additionalProperties: false },
);
export type Availability = Type.Static<typeof Availability>;

// ---- appointment types ----

const appointmentTypeFields = {
  name: Text(100),
  durationMinutes: Type.Integer({ minimum: 5, maximum: 480 }),
  bufferMinutes: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 240, default: 0, description: 'Kept free after' }),
  ),
  patientBookable: Type.Optional(Type.Boolean({ default: false })),
  practitionerIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
  active: Type.Optional(Type.Boolean({ default: true, description: 'false: no longer offered' })),
};

export const AppointmentTypeInput = Type.Object(appointmentTypeFields, { additionalProperties: false });
export type AppointmentTypeInput = Type.Static<typeof AppointmentTypeInput>;

/** Body of PUT /api/appointment-types/:id; a GET body is accepted as it is. */
export const AppointmentTypeReplace = Type.Object(
  { ...appointmentTypeFields, ...ServerOwned },
  { additionalProperties: false },
);
export type AppointmentTypeReplace = Type.Static<typeof AppointmentTypeReplace>;

export const AppointmentType = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    durationMinutes: Type.Integer(),
    bufferMinutes: Type.Integer(),
    patientBookable: Type.Boolean(),
    practitionerIds: Type.Array(Uuid),
    active: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: Type.Integer({ minimum: 1 }),
  },
  { $id: 'AppointmentType', additionalProperties: false },
);
export type AppointmentType = Type.Static<typeof AppointmentType>;

export const AppointmentTypeListQuery = Type.Object(
  {
    practitionerId: Type.Optional(Uuid),
    patientBookable: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type AppointmentTypeListQuery = Type.Static<typeof AppointmentTypeListQuery>;

export const AppointmentTypePage = Page(AppointmentType);
export type AppointmentTypePage = Type.Static<typeof AppointmentTypePage>;

// ---- slots ----

export const SlotQuery = Type.Object(
  {
    appointmentTypeId: Uuid,
    from: Instant,
    to: Instant,
    practitionerId: Type.Optional(Uuid),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'At most this many slots' }),
    ),
  },
  { additionalProperties: false },
);
export type SlotQuery = Type.Static<typeof SlotQuery>;

export const Slot = Type.Object(
  { start: Instant, end: Instant, practitionerId: Uuid },
  { additionalProperties: false },
);
export type Slot = Type.Static<typeof Slot>;

export const SlotList = Type.Object({ items: Type.Array(Slot) }, { additionalProperties: false });
export type SlotList = Type.Static<typeof SlotList>;

// ---- recurrences, overrides, cancellations ----

export const SERIES_CONFLICT_POLICIES = ['fail', 'skip'] as const;
export const SERIES_SCOPES = ['this', 'following', 'all'] as const;
export const SeriesScope = Type.Enum(SERIES_SCOPES);
export type SeriesScope = (typeof SERIES_SCOPES)[number];

export const Recurrence = Type.Object(
  {
    rrule: Type.String({
      minLength: 1,
      maxLength: 500,
      description:
        'RFC 5545 RRULE, e.g. FREQ=WEEKLY;COUNT=6 or FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270101T000000Z (DTSTART is the appointment’s start, in the practitioner’s zone)',
    }),
    onConflict: Type.Optional(
      Type.Enum(SERIES_CONFLICT_POLICIES, {
        default: 'fail',
        description: 'fail: nothing is booked if any occurrence clashes (409); skip: book the free ones',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Recurrence = Type.Static<typeof Recurrence>;

export const Override = Type.Object(
  { reason: Text(500, 'Why this is booked outside working hours (staff only; kept and audited)') },
  { additionalProperties: false },
);
export type Override = Type.Static<typeof Override>;

/** POST /api/appointments/:id/cancel (staff and patients alike). */
export const CancelInput = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    scope: Type.Optional(
      Type.Enum(SERIES_SCOPES, { default: 'this', description: 'For an occurrence of a series' }),
    ),
  },
  { additionalProperties: false },
);
export type CancelInput = Type.Static<typeof CancelInput>;

/**
 * POST /api/appointments/:id/move: reschedule (staff and patients alike). With a scope beyond `this`,
 * every occurrence moves by the same shift as this one, and takes the new practitioner.
 */
export const MoveInput = Type.Object(
  {
    start: Instant,
    end: Type.Optional(Instant),
    practitionerId: Type.Optional(Uuid),
    scope: Type.Optional(Type.Enum(SERIES_SCOPES, { default: 'this' })),
    override: Type.Optional(Override),
  },
  { additionalProperties: false },
);
export type MoveInput = Type.Static<typeof MoveInput>;

/** How often a patient did not come. */
export const Attendance = Type.Object(
  {
    patientId: Uuid,
    noShows: Type.Integer({ minimum: 0 }),
    lastNoShowAt: Type.Union([Instant, Type.Null()]),
  },
  { additionalProperties: false },
);
export type Attendance = Type.Static<typeof Attendance>;
