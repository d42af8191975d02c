import {
  OBSERVATION_TYPES,
  RISK_INPUT_CODES as CONTRACT_RISK_INPUT_CODES,
  type ObservationDefinition,
} from '@medicare/contracts/observation-types';
import type { Observation } from '@medicare/contracts';

export { OBSERVATION_TYPES };
export type { ObservationDefinition };

/** UCUM units as people write them. */
const UNIT_LABELS: Record<string, string> = { 'mm[Hg]': 'mmHg', '[lb_av]': 'lb', '[in_i]': 'in' };
export const unitLabel = (unit: string) => UNIT_LABELS[unit] ?? unit;

/** The catalogue in the order a clinician records: vitals, labs, history. */
export const GROUPS: { label: string; codes: string[] }[] = [
  { label: 'Vital signs', codes: ['8480-6', '8462-4', '29463-7', '8302-2'] },
  { label: 'Laboratory', codes: ['2093-3', '2085-9', '2089-1', '2571-8', '4548-4'] },
  { label: 'History', codes: ['72166-2', 'diabetes', 'bp-treatment'] },
];

export const displayOf = (code: string) => OBSERVATION_TYPES[code]?.display ?? code;

const number = (value: number) =>
  new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value);

/** "132 mmHg", "5.5 mmol/L (212.7 mg/dL)", "Current smoker", "Yes". */
export function formatValue(
  observation: Pick<Observation, 'code' | 'value' | 'unit' | 'normalized'>,
): string {
  const def = OBSERVATION_TYPES[observation.code];
  const { value, unit, normalized } = observation;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return def?.kind === 'coded' ? (def.values[value] ?? value) : value;
  const text = `${number(value)}${unit ? ` ${unitLabel(unit)}` : ''}`;
  if (normalized && unit && normalized.unit !== unit)
    return `${text} (${number(normalized.value)} ${unitLabel(normalized.unit)})`;
  return text;
}

/** What each input of the risk score is, for the card's table and the missing-inputs list. */
export const RISK_INPUT_LABELS: Record<string, string> = {
  age: 'Age',
  sex: 'Sex',
  race: 'Race',
  totalCholesterol: 'Total cholesterol',
  hdl: 'HDL cholesterol',
  systolicBp: 'Systolic blood pressure',
  bpTreated: 'On blood-pressure medication',
  smoker: 'Current smoker',
  diabetes: 'Diabetes',
};

/** The observation that supplies each risk input, so a missing one can be recorded straight away. */
export const RISK_INPUT_CODES: Readonly<Record<string, string>> = CONTRACT_RISK_INPUT_CODES;
