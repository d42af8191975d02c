/**
 * The observations the clinic records, with their codes, units and plausible values: one table
 * for the API's validation and the web app's forms.
 */
export const LOINC = 'http://loinc.org';
/** Yes/no facts with no single LOINC concept; documented in docs/api.md. */
export const LOCAL = 'urn:medicare-hub:observation';

type Quantity = {
  kind: 'quantity';
  system: string;
  display: string;
  canonicalUnit: string;
  /** unit → factor to the canonical unit, exact where the definition is exact. */
  units: Record<string, number>;
  /** Plausible values, in the canonical unit: anything outside is a typing error. */
  plausible: [number, number];
};
type Coded = { kind: 'coded'; system: string; display: string; values: Record<string, string> };
type YesNo = { kind: 'boolean'; system: string; display: string };
export type ObservationDefinition = Quantity | Coded | YesNo;

/**
 * Cholesterol: 1 mmol/L = 38.665 mg/dL, from its molar mass (C27H46O, 386.65 g/mol). Weight and
 * height use the exact international pound (0.45359237 kg) and inch (2.54 cm).
 */
export const CHOLESTEROL_MG_PER_MMOL = 38.665;
/** Triglycerides (as triolein, 885.7 g/mol): 1 mmol/L = 88.57 mg/dL. */
export const TRIGLYCERIDES_MG_PER_MMOL = 88.57;

export const OBSERVATION_TYPES: Record<string, ObservationDefinition> = {
  '8480-6': {
    kind: 'quantity',
    system: LOINC,
    display: 'Systolic blood pressure',
    canonicalUnit: 'mm[Hg]',
    units: { 'mm[Hg]': 1 },
    plausible: [40, 300],
  },
  '8462-4': {
    kind: 'quantity',
    system: LOINC,
    display: 'Diastolic blood pressure',
    canonicalUnit: 'mm[Hg]',
    units: { 'mm[Hg]': 1 },
    plausible: [20, 200],
  },
  '2093-3': {
    kind: 'quantity',
    system: LOINC,
    display: 'Total cholesterol',
    canonicalUnit: 'mg/dL',
    units: { 'mg/dL': 1, 'mmol/L': CHOLESTEROL_MG_PER_MMOL },
    plausible: [30, 1500],
  },
  '2085-9': {
    kind: 'quantity',
    system: LOINC,
    display: 'HDL cholesterol',
    canonicalUnit: 'mg/dL',
    units: { 'mg/dL': 1, 'mmol/L': CHOLESTEROL_MG_PER_MMOL },
    plausible: [5, 300],
  },
  '2089-1': {
    kind: 'quantity',
    system: LOINC,
    display: 'LDL cholesterol',
    canonicalUnit: 'mg/dL',
    units: { 'mg/dL': 1, 'mmol/L': CHOLESTEROL_MG_PER_MMOL },
    plausible: [5, 1000],
  },
  '2571-8': {
    kind: 'quantity',
    system: LOINC,
    display: 'Triglycerides',
    canonicalUnit: 'mg/dL',
    units: { 'mg/dL': 1, 'mmol/L': TRIGLYCERIDES_MG_PER_MMOL },
    plausible: [10, 5000],
  },
  '4548-4': {
    kind: 'quantity',
    system: LOINC,
    display: 'Hemoglobin A1c',
    canonicalUnit: '%',
    units: { '%': 1 },
    plausible: [3, 20],
  },
  '29463-7': {
    kind: 'quantity',
    system: LOINC,
    display: 'Body weight',
    canonicalUnit: 'kg',
    units: { kg: 1, g: 0.001, '[lb_av]': 0.45359237 },
    plausible: [0.2, 700],
  },
  '8302-2': {
    kind: 'quantity',
    system: LOINC,
    display: 'Body height',
    canonicalUnit: 'cm',
    units: { cm: 1, m: 100, '[in_i]': 2.54 },
    plausible: [20, 280],
  },
  '72166-2': {
    kind: 'coded',
    system: LOINC,
    display: 'Tobacco smoking status',
    values: { current: 'Current smoker', former: 'Former smoker', never: 'Never smoker' },
  },
  diabetes: { kind: 'boolean', system: LOCAL, display: 'Diabetes diagnosis' },
  'bp-treatment': { kind: 'boolean', system: LOCAL, display: 'On blood-pressure medication' },
};
