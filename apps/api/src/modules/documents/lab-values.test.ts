import { expect, it } from 'vitest';
import { collectedAt, labValuesIn } from './lab-values.js';

it('reads the value after each analyte’s name, not its reference range, and only catalogue codes', () => {
  const passages = [
    {
      page: 1,
      text: [
        'Collected: 2026-03-03',
        'Total cholesterol 238 mg/dL H (< 200 mg/dL)',
        'LDL cholesterol 162 mg/dL H (< 130 mg/dL)',
        'Non-HDL cholesterol 197 mg/dL',
        'HDL-C: 1.06 mmol/L',
        'Triglycerides 175 mg/dL H (< 150 mg/dL)',
        'HbA1c 55 mmol/mol',
        'Potassium 4.4 mmol/L',
        'Blood pressure today 148/92 mmHg; weight 82.5 kg.',
      ].join('\n'),
    },
  ];
  expect(labValuesIn(passages).map(({ code, value, unit }) => ({ code, value, unit }))).toEqual([
    { code: '2093-3', value: 238, unit: 'mg/dL' },
    { code: '2089-1', value: 162, unit: 'mg/dL' },
    { code: '2085-9', value: 1.06, unit: 'mmol/L' },
    { code: '2571-8', value: 175, unit: 'mg/dL' },
    { code: '4548-4', value: 7.2, unit: '%' },
    { code: '8480-6', value: 148, unit: 'mm[Hg]' },
    { code: '8462-4', value: 92, unit: 'mm[Hg]' },
    { code: '29463-7', value: 82.5, unit: 'kg' },
  ]);
  expect(collectedAt(passages)).toBe('2026-03-03T12:00:00.000Z');
  expect(collectedAt([{ text: 'Report date: 3 March 2026' }])).toBe('2026-03-03T12:00:00.000Z');
});

it('drops implausible readings (a typo, or a number that is not the value)', () => {
  expect(labValuesIn([{ page: 1, text: 'LDL cholesterol 16200 mg/dL\nHbA1c 72 %' }])).toEqual([]);
});
