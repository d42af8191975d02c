import Type from 'typebox';
import { Instant, Uuid } from './common.js';

export const RiskSex = Type.Enum(['female', 'male']);
export const RiskRace = Type.Enum(['white', 'african_american', 'other']);
const Bool = Type.Boolean({ description: 'true or false' });

/** GET /predict: the inputs of the Pooled Cohort Equations. */
export const PredictQuery = Type.Object(
  {
    age: Type.Number({ minimum: 0, maximum: 130, description: 'years; the model covers 40–79' }),
    sex: RiskSex,
    race: RiskRace,
    totalCholesterol: Type.Number({
      exclusiveMinimum: 0,
      maximum: 2000,
      description: 'mg/dL; the model covers 130–320',
    }),
    hdl: Type.Number({ exclusiveMinimum: 0, maximum: 500, description: 'mg/dL; the model covers 20–100' }),
    systolicBp: Type.Number({
      exclusiveMinimum: 0,
      maximum: 400,
      description: 'mmHg; the model covers 90–200',
    }),
    bpTreated: Bool,
    smoker: Bool,
    diabetes: Bool,
  },
  { additionalProperties: false },
);
export type PredictQuery = Type.Static<typeof PredictQuery>;

export const RiskInputs = Type.Object(
  {
    age: Type.Number(),
    sex: RiskSex,
    race: RiskRace,
    totalCholesterol: Type.Number(),
    hdl: Type.Number(),
    systolicBp: Type.Number(),
    bpTreated: Type.Boolean(),
    smoker: Type.Boolean(),
    diabetes: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Prediction = Type.Object(
  {
    score: Type.Number({
      minimum: 0,
      maximum: 1,
      description: '10-year probability of a first hard ASCVD event',
    }),
    percent: Type.Number({ description: 'score × 100, one decimal' }),
    category: Type.Enum(['low', 'borderline', 'intermediate', 'high']),
    model: Type.Literal('pce-ascvd-10y'),
    modelVersion: Type.Literal('2013'),
    reference: Type.String(),
    inputs: RiskInputs,
    notes: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type Prediction = Type.Static<typeof Prediction>;

export const RiskSource = Type.Object(
  {
    observationId: Type.Union([Uuid, Type.Null()]),
    from: Type.String({ description: 'where the value came from, e.g. LOINC 2093-3 or birthDate' }),
    effectiveAt: Type.Union([Instant, Type.Null()]),
    ageDays: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const PatientRisk = Type.Object(
  {
    ...Prediction.properties,
    sources: Type.Record(Type.String(), RiskSource),
  },
  { additionalProperties: false },
);
export type PatientRisk = Type.Static<typeof PatientRisk>;

export const PatientRiskQuery = Type.Object(
  { race: Type.Optional(RiskRace) },
  { additionalProperties: false },
);
