import { expect, it } from 'vitest';
import { passagesOf } from './extract.js';
import { sentencesOf } from './sentences.js';

it('keeps a short page as one passage and splits a long one at sentence ends', () => {
  const sentence = 'Lowering salt intake reduces blood pressure in most adults. ';
  const passages = passagesOf(['Short   page\ntext.', sentence.repeat(40)]);
  expect(passages[0]).toEqual({ page: 1, position: 0, text: 'Short page text.' });
  const second = passages.filter((p) => p.page === 2);
  expect(second.length).toBeGreaterThan(1);
  expect(second.map((p) => p.position)).toEqual(second.map((_, i) => i));
  for (const p of second) {
    expect(p.text.length).toBeLessThanOrEqual(700);
    expect(p.text.endsWith('.')).toBe(true);
  }
  expect(second.map((p) => p.text.replace(/\n/g, ' ')).join(' ')).toBe(sentence.repeat(40).trim());
});

it('gives an empty page no passage', () => {
  expect(passagesOf(['', '  '])).toEqual([]);
});

it('keeps a lab report’s rows apart and joins a sentence that runs on to the next line', () => {
  expect(
    sentencesOf(
      'Lipid panel\nLDL cholesterol 162 mg/dL H < 130 mg/dL\nHbA1c 7.2 % H < 5.7 %\n' +
        'Recommendation: repeat the lipid panel in\nthree months. Dr. Reyes will call.',
    ),
  ).toEqual([
    'Lipid panel',
    'LDL cholesterol 162 mg/dL H < 130 mg/dL',
    'HbA1c 7.2 % H < 5.7 %',
    'Recommendation: repeat the lipid panel in three months.',
    'Dr. Reyes will call.',
  ]);
});
