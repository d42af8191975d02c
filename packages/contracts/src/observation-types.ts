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

/** A LOINC quantity recorded in `canonicalUnit`, also accepted in `others` (unit → factor to it). */
const quantity = (
  display: string,
  canonicalUnit: string,
  others: Record<string, number>,
  plausible: [number, number],
): Quantity => ({
  kind: 'quantity',
  system: LOINC,
  display,
  canonicalUnit,
  units: { [canonicalUnit]: 1, ...others },
  plausible,
});
const CHOLESTEROL_UNITS = { 'mmol/L': CHOLESTEROL_MG_PER_MMOL };

export const OBSERVATION_TYPES: Record<string, ObservationDefinition> = {
  '8480-6': quantity('Systolic blood pressure', 'mm[Hg]', {}, [40, 300]),
  '8462-4': quantity('Diastolic blood pressure', 'mm[Hg]', {}, [20, 200]),
  '2093-3': quantity('Total cholesterol', 'mg/dL', CHOLESTEROL_UNITS, [30, 1500]),
  '2085-9': quantity('HDL cholesterol', 'mg/dL', CHOLESTEROL_UNITS, [5, 300]),
  '2089-1': quantity('LDL cholesterol', 'mg/dL', CHOLESTEROL_UNITS, [5, 1000]),
  '2571-8': quantity('Triglycerides', 'mg/dL', { 'mmol/L': TRIGLYCERIDES_MG_PER_MMOL }, [10, 5000]),
  '4548-4': quantity('Hemoglobin A1c', '%', {}, [3, 20]),
  '29463-7': quantity('Body weight', 'kg', { g: 0.001, '[lb_av]': 0.45359237 }, [0.2, 700]),
  '8302-2': quantity('Body height', 'cm', { m: 100, '[in_i]': 2.54 }, [20, 280]),
  '72166-2': {
    kind: 'coded',
    system: LOINC,
    display: 'Tobacco smoking status',
    values: { current: 'Current smoker', former: 'Former smoker', never: 'Never smoker' },
  },
  diabetes: { kind: 'boolean', system: LOCAL, display: 'Diabetes diagnosis' },
  'bp-treatment': { kind: 'boolean', system: LOCAL, display: 'On blood-pressure medication' },
};

/** The observation that supplies each input of a patient's risk score (the API reads it, the web app links it). */
export const RISK_INPUT_CODES = {
  totalCholesterol: '2093-3',
  hdl: '2085-9',
  systolicBp: '8480-6',
  bpTreated: 'bp-treatment',
  smoker: '72166-2',
  diabetes: 'diabetes',
} as const;
