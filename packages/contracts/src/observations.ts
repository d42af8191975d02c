import Type from 'typebox';
import { Instant, Page, PageQuery, Uuid } from './common.js';

export const ObservationValue = Type.Union([Type.Number(), Type.String({ maxLength: 64 }), Type.Boolean()]);

/** POST /api/patients/:id/observations. Which codes, values and units are accepted: GET …/observation-types. */
export const ObservationInput = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 32,
      description: 'LOINC code (e.g. 8480-6), or a local code such as bp-treatment',
    }),
    value: ObservationValue,
    unit: Type.Optional(
      Type.String({ minLength: 1, maxLength: 16, description: 'UCUM unit, e.g. mm[Hg], mg/dL, mmol/L' }),
    ),
    effectiveAt: Instant,
  },
  { additionalProperties: false },
);
export type ObservationInput = Type.Static<typeof ObservationInput>;

export const Observation = Type.Object(
  {
    id: Uuid,
    patientId: Uuid,
    code: Type.String(),
    system: Type.String(),
    display: Type.String(),
    value: ObservationValue,
    unit: Type.Union([Type.String(), Type.Null()]),
    normalized: Type.Union([
      Type.Object({ value: Type.Number(), unit: Type.String() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    effectiveAt: Instant,
    recordedBy: Type.Union([Uuid, Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type Observation = Type.Static<typeof Observation>;

export const ObservationListQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 32 })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ObservationListQuery = Type.Static<typeof ObservationListQuery>;

export const ObservationParams = Type.Object({ id: Uuid, obsId: Uuid }, { additionalProperties: false });

export const ObservationPage = Page(Observation);
export type ObservationPage = Type.Static<typeof ObservationPage>;

export const ObservationType = Type.Object(
  {
    code: Type.String(),
    system: Type.String(),
    display: Type.String(),
    kind: Type.Enum(['quantity', 'coded', 'boolean']),
    units: Type.Optional(Type.Array(Type.String())),
    canonicalUnit: Type.Optional(Type.String()),
    values: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type ObservationType = Type.Static<typeof ObservationType>;
