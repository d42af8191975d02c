/**
 * The ACC/AHA Pooled Cohort Equations (PCE): 10-year risk of a first hard atherosclerotic
 * cardiovascular event (Goff et al., 2013 ACC/AHA Guideline on the Assessment of Cardiovascular
 * Risk, Circulation 2014;129(suppl 2):S49–S73, Appendix Table A). Kept exactly as published,
 * oddities near the edges of the range included; never extrapolated outside it.
 */

export const PCE_MODEL = { model: 'pce-ascvd-10y', modelVersion: '2013' } as const;
export const PCE_REFERENCE =
  'Goff DC Jr, et al. 2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk. Circulation. 2014;129(suppl 2):S49–S73, Appendix Table A.';

export type Sex = 'female' | 'male';
export type Race = 'white' | 'african_american' | 'other';

export type PceInputs = {
  age: number;
  sex: Sex;
  race: Race;
  /** mg/dL */
  totalCholesterol: number;
  /** mg/dL */
  hdl: number;
  /** mmHg */
  systolicBp: number;
  bpTreated: boolean;
  smoker: boolean;
  diabetes: boolean;
};

/** The validated range of each continuous input, inclusive. */
export const PCE_RANGES = {
  age: { min: 40, max: 79, unit: 'years' },
  totalCholesterol: { min: 130, max: 320, unit: 'mg/dL' },
  hdl: { min: 20, max: 100, unit: 'mg/dL' },
  systolicBp: { min: 90, max: 200, unit: 'mmHg' },
} as const;

type Coefficients = {
  lnAge: number;
  lnAgeSquared: number;
  lnTotalCholesterol: number;
  lnAgeByLnTotalCholesterol: number;
  lnHdl: number;
  lnAgeByLnHdl: number;
  lnTreatedSbp: number;
  lnAgeByLnTreatedSbp: number;
  lnUntreatedSbp: number;
  lnAgeByLnUntreatedSbp: number;
  smoker: number;
  lnAgeBySmoker: number;
  diabetes: number;
  mean: number;
  baselineSurvival: number;
};

/** Appendix Table A; a dash in the table is 0 here. */
export const PCE_COEFFICIENTS: Record<
  'white_female' | 'african_american_female' | 'white_male' | 'african_american_male',
  Coefficients
> = {
  white_female: {
    lnAge: -29.799,
    lnAgeSquared: 4.884,
    lnTotalCholesterol: 13.54,
    lnAgeByLnTotalCholesterol: -3.114,
    lnHdl: -13.578,
    lnAgeByLnHdl: 3.149,
    lnTreatedSbp: 2.019,
    lnAgeByLnTreatedSbp: 0,
    lnUntreatedSbp: 1.957,
    lnAgeByLnUntreatedSbp: 0,
    smoker: 7.574,
    lnAgeBySmoker: -1.665,
    diabetes: 0.661,
    mean: -29.18,
    baselineSurvival: 0.9665,
  },
  african_american_female: {
    lnAge: 17.114,
    lnAgeSquared: 0,
    lnTotalCholesterol: 0.94,
    lnAgeByLnTotalCholesterol: 0,
    lnHdl: -18.92,
    lnAgeByLnHdl: 4.475,
    lnTreatedSbp: 29.291,
    lnAgeByLnTreatedSbp: -6.432,
    lnUntreatedSbp: 27.82,
    lnAgeByLnUntreatedSbp: -6.087,
    smoker: 0.691,
    lnAgeBySmoker: 0,
    diabetes: 0.874,
    mean: 86.61,
    baselineSurvival: 0.9533,
  },
  white_male: {
    lnAge: 12.344,
    lnAgeSquared: 0,
    lnTotalCholesterol: 11.853,
    lnAgeByLnTotalCholesterol: -2.664,
    lnHdl: -7.99,
    lnAgeByLnHdl: 1.769,
    lnTreatedSbp: 1.797,
    lnAgeByLnTreatedSbp: 0,
    lnUntreatedSbp: 1.764,
    lnAgeByLnUntreatedSbp: 0,
    smoker: 7.837,
    lnAgeBySmoker: -1.795,
    diabetes: 0.658,
    mean: 61.18,
    baselineSurvival: 0.9144,
  },
  african_american_male: {
    lnAge: 2.469,
    lnAgeSquared: 0,
    lnTotalCholesterol: 0.302,
    lnAgeByLnTotalCholesterol: 0,
    lnHdl: -0.307,
    lnAgeByLnHdl: 0,
    lnTreatedSbp: 1.916,
    lnAgeByLnTreatedSbp: 0,
    lnUntreatedSbp: 1.809,
    lnAgeByLnUntreatedSbp: 0,
    smoker: 0.549,
    lnAgeBySmoker: 0,
    diabetes: 0.645,
    mean: 19.54,
    baselineSurvival: 0.8954,
  },
};

export type RiskCategory = 'low' | 'borderline' | 'intermediate' | 'high';

/** The guideline's bands: < 5%, 5–7.4%, 7.5–19.9%, ≥ 20%. */
export function categoryOf(score: number): RiskCategory {
  const percent = score * 100;
  if (percent < 5) return 'low';
  if (percent < 7.5) return 'borderline';
  if (percent < 20) return 'intermediate';
  return 'high';
}

export type OutOfRange = {
  input: keyof typeof PCE_RANGES;
  value: number;
  min: number;
  max: number;
  unit: string;
};

/** Inputs outside the validated range: the model has no answer for them. */
export function outOfRange(inputs: PceInputs): OutOfRange[] {
  return (Object.keys(PCE_RANGES) as (keyof typeof PCE_RANGES)[])
    .filter((input) => inputs[input] < PCE_RANGES[input].min || inputs[input] > PCE_RANGES[input].max)
    .map((input) => ({ input, value: inputs[input], ...PCE_RANGES[input] }));
}

/**
 * The 10-year risk as a probability: 1 − S10^exp(Σ − mean). Callers check `outOfRange` first;
 * this throws rather than extrapolate.
 */
export function pceRisk(inputs: PceInputs): number {
  const outside = outOfRange(inputs);
  if (outside.length > 0)
    throw new RangeError(`outside the validated range: ${outside.map((o) => o.input).join(', ')}`);
  const group = `${inputs.race === 'african_american' ? 'african_american' : 'white'}_${inputs.sex}` as const;
  const c = PCE_COEFFICIENTS[group];
  const lnAge = Math.log(inputs.age);
  const lnTc = Math.log(inputs.totalCholesterol);
  const lnHdl = Math.log(inputs.hdl);
  const lnSbp = Math.log(inputs.systolicBp);
  const smoker = inputs.smoker ? 1 : 0;
  const sum =
    c.lnAge * lnAge +
    c.lnAgeSquared * lnAge * lnAge +
    c.lnTotalCholesterol * lnTc +
    c.lnAgeByLnTotalCholesterol * lnAge * lnTc +
    c.lnHdl * lnHdl +
    c.lnAgeByLnHdl * lnAge * lnHdl +
    (inputs.bpTreated
      ? c.lnTreatedSbp * lnSbp + c.lnAgeByLnTreatedSbp * lnAge * lnSbp
      : c.lnUntreatedSbp * lnSbp + c.lnAgeByLnUntreatedSbp * lnAge * lnSbp) +
    c.smoker * smoker +
    c.lnAgeBySmoker * lnAge * smoker +
    c.diabetes * (inputs.diabetes ? 1 : 0);
  return 1 - Math.pow(c.baselineSurvival, Math.exp(sum - c.mean));
}

/** What a reader of the score should know about how it was reached. */
export function notesFor(inputs: PceInputs): string[] {
  const notes = [
    'Estimates the 10-year risk of a first hard ASCVD event (coronary death, non-fatal myocardial infarction, fatal or non-fatal stroke) for people without known ASCVD. It informs a conversation with a clinician; it is not a diagnosis.',
    `Pooled Cohort Equations as published, not recalibrated: ${PCE_REFERENCE}`,
  ];
  if (inputs.race === 'other') {
    notes.push(
      'For races other than white or African American the guideline uses the equations for white people, as here; they may over- or under-estimate risk.',
    );
  }
  if (inputs.sex === 'male' && inputs.race !== 'african_american' && inputs.age >= 70 && inputs.smoker) {
    notes.push(
      'Near the top of the age range the published equations give current smoking a slightly lower computed risk for white men; this is a known property of the model, kept as published.',
    );
  }
  if (inputs.sex === 'female' && inputs.age >= 60) {
    notes.push(
      'For older women the published equations can show higher HDL raising the computed risk; this is a known property of the model, kept as published.',
    );
  }
  return notes;
}
