import { OBSERVATION_TYPES } from '@medicare/contracts/observation-types';
import type { ErrorIssue, Observation, ObservationInput, Patient, PatientRisk } from '@medicare/contracts';
import { ApiError } from '../src/api/errors';

/**
 * The API's observation and risk rules for the in-memory client: the catalogue's validation with
 * issues per field, normalised units, and the Pooled Cohort Equations with the API's two 422s.
 */
export function validateObservation(input: ObservationInput): {
  issues: ErrorIssue[];
  normalized: Observation['normalized'];
} {
  const issues: ErrorIssue[] = [];
  const def = OBSERVATION_TYPES[input.code];
  let normalized: Observation['normalized'] = null;
  if (!def) issues.push({ path: '/code', message: 'is not a supported code' });
  else if (def.kind === 'quantity') {
    if (typeof input.value !== 'number' || !Number.isFinite(input.value))
      issues.push({ path: '/value', message: `must be a number for ${def.display}` });
    else if (!input.unit || !(input.unit in def.units))
      issues.push({ path: '/unit', message: `must be one of: ${Object.keys(def.units).join(', ')}` });
    else {
      const value = input.value * def.units[input.unit]!;
      const [low, high] = def.plausible;
      if (value < low || value > high)
        issues.push({
          path: '/value',
          message: `is not a plausible ${def.display.toLowerCase()} (${low}–${high} ${def.canonicalUnit})`,
        });
      else normalized = { value, unit: def.canonicalUnit };
    }
  } else if (input.unit !== undefined) issues.push({ path: '/unit', message: `${def.display} has no unit` });
  else if (def.kind === 'coded' && (typeof input.value !== 'string' || !(input.value in def.values)))
    issues.push({ path: '/value', message: `must be one of: ${Object.keys(def.values).join(', ')}` });
  else if (def.kind === 'boolean' && typeof input.value !== 'boolean')
    issues.push({ path: '/value', message: 'must be true or false' });
  if (Date.parse(input.effectiveAt) > Date.now() + 5 * 60_000)
    issues.push({ path: '/effectiveAt', message: 'must not be in the future' });
  return { issues, normalized };
}

const SOURCES = {
  totalCholesterol: '2093-3',
  hdl: '2085-9',
  systolicBp: '8480-6',
  bpTreated: 'bp-treatment',
  smoker: '72166-2',
  diabetes: 'diabetes',
} as const;
const RANGES = {
  age: [40, 79, 'years'],
  totalCholesterol: [130, 320, 'mg/dL'],
  hdl: [20, 100, 'mg/dL'],
  systolicBp: [90, 200, 'mmHg'],
} as const;

// Goff 2013, Appendix Table A: [lnAge, lnAge², lnTC, lnAge·lnTC, lnHDL, lnAge·lnHDL, lnTreated, lnAge·lnTreated,
// lnUntreated, lnAge·lnUntreated, smoker, lnAge·smoker, diabetes, mean, S10]
const PCE = {
  white_female: [
    -29.799, 4.884, 13.54, -3.114, -13.578, 3.149, 2.019, 0, 1.957, 0, 7.574, -1.665, 0.661, -29.18, 0.9665,
  ],
  african_american_female: [
    17.114, 0, 0.94, 0, -18.92, 4.475, 29.291, -6.432, 27.82, -6.087, 0.691, 0, 0.874, 86.61, 0.9533,
  ],
  white_male: [
    12.344, 0, 11.853, -2.664, -7.99, 1.769, 1.797, 0, 1.764, 0, 7.837, -1.795, 0.658, 61.18, 0.9144,
  ],
  african_american_male: [2.469, 0, 0.302, 0, -0.307, 0, 1.916, 0, 1.809, 0, 0.549, 0, 0.645, 19.54, 0.8954],
} as const;

type Inputs = PatientRisk['inputs'];

function pce(i: Inputs): number {
  const c = PCE[`${i.race === 'african_american' ? 'african_american' : 'white'}_${i.sex}`];
  const a = Math.log(i.age);
  const tc = Math.log(i.totalCholesterol);
  const hdl = Math.log(i.hdl);
  const sbp = Math.log(i.systolicBp);
  const s = i.smoker ? 1 : 0;
  const sum =
    c[0] * a +
    c[1] * a * a +
    c[2] * tc +
    c[3] * a * tc +
    c[4] * hdl +
    c[5] * a * hdl +
    (i.bpTreated ? c[6] * sbp + c[7] * a * sbp : c[8] * sbp + c[9] * a * sbp) +
    c[10] * s +
    c[11] * a * s +
    c[12] * (i.diabetes ? 1 : 0);
  return 1 - c[14] ** Math.exp(sum - c[13]);
}

const ageOn = (birthDate: string, day: Date) => {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const md = (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
  return day.getUTCFullYear() - y - (md < m * 100 + d ? 1 : 0);
};

/** GET /api/patients/:id/risk over `observations` (the patient's, any order). */
export function patientRisk(
  patient: Patient,
  observations: Observation[],
  race: Inputs['race'],
): PatientRisk {
  const latest = new Map<string, Observation>();
  for (const o of [...observations].sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt)))
    latest.set(o.code, o);
  const issues: ErrorIssue[] = [];
  if (patient.sex !== 'female' && patient.sex !== 'male')
    issues.push({
      path: '/sex',
      message: `the model is defined for female and male; the record says ${patient.sex}`,
    });
  for (const [input, code] of Object.entries(SOURCES))
    if (!latest.has(code)) issues.push({ path: `/${input}`, message: `no observation ${code} recorded` });
  if (issues.length)
    throw new ApiError(422, {
      code: 'RISK_INPUTS_MISSING',
      message: 'The record lacks inputs the model needs',
      requestId: 'test',
      issues,
      details: { missing: issues.map((i) => i.path.slice(1)) },
    });
  const now = new Date();
  const obs = (input: keyof typeof SOURCES) => latest.get(SOURCES[input])!;
  const inputs: Inputs = {
    age: ageOn(patient.birthDate, now),
    sex: patient.sex as 'female' | 'male',
    race,
    totalCholesterol: Math.round(obs('totalCholesterol').normalized!.value * 10) / 10,
    hdl: Math.round(obs('hdl').normalized!.value * 10) / 10,
    systolicBp: obs('systolicBp').normalized!.value,
    bpTreated: obs('bpTreated').value === true,
    smoker: obs('smoker').value === 'current',
    diabetes: obs('diabetes').value === true,
  };
  const outside = (
    Object.entries(RANGES) as [keyof typeof RANGES, (typeof RANGES)[keyof typeof RANGES]][]
  ).filter(([k, [min, max]]) => inputs[k] < min || inputs[k] > max);
  if (outside.length)
    throw new ApiError(422, {
      code: 'RISK_INPUT_OUT_OF_RANGE',
      message: 'The model has no validated answer for these inputs',
      requestId: 'test',
      issues: outside.map(([k, [min, max, unit]]) => ({
        path: `/${k}`,
        message: `must be between ${min} and ${max} ${unit} for this model (got ${inputs[k]})`,
      })),
    });
  const score = pce(inputs);
  const percent = Math.round(score * 1000) / 10;
  const notes = [
    'Estimates the 10-year risk of a first hard ASCVD event. It informs a conversation with a clinician; it is not a diagnosis.',
  ];
  if (race === 'other')
    notes.push(
      'For races other than white or African American the guideline uses the equations for white people, as here.',
    );
  const sources: PatientRisk['sources'] = {
    age: { observationId: null, from: 'birthDate', effectiveAt: null, ageDays: null },
    sex: { observationId: null, from: 'sex', effectiveAt: null, ageDays: null },
    race: {
      observationId: null,
      from: race === 'other' ? 'not recorded (query race)' : 'query race',
      effectiveAt: null,
      ageDays: null,
    },
  };
  for (const input of Object.keys(SOURCES) as (keyof typeof SOURCES)[]) {
    const o = obs(input);
    sources[input] = {
      observationId: o.id,
      from: o.system === 'http://loinc.org' ? `LOINC ${o.code}` : o.code,
      effectiveAt: o.effectiveAt,
      ageDays: Math.floor((now.getTime() - Date.parse(o.effectiveAt)) / 86_400_000),
    };
  }
  return {
    score: Math.round(score * 10_000) / 10_000,
    percent,
    category: percent < 5 ? 'low' : percent < 7.5 ? 'borderline' : percent < 20 ? 'intermediate' : 'high',
    model: 'pce-ascvd-10y',
    modelVersion: '2013',
    reference: 'Goff DC Jr, et al. 2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk.',
    inputs,
    notes,
    sources,
  };
}
