import { describe, expect, it } from 'vitest';
import { asksToDiagnoseOrPrescribe, overstepsIn, redFlagsIn } from './guardrails.js';

describe('red flags', () => {
  it.each([
    ['I have chest pain when I climb stairs', 'chest pain'],
    ['his face is drooping and his speech is slurred speech', 'stroke signs'],
    ['I want to kill myself', 'suicidal thoughts'],
    ['the bleeding won’t stop', 'severe bleeding'],
    ['I’m short of breath lying down', 'trouble breathing'],
    ['she passed out in the kitchen', 'loss of consciousness'],
  ])('%s → %s', (message, kind) => expect(redFlagsIn(message)).toContain(kind));

  it.each([
    'What is my 10-year stroke risk?',
    'How does breathing exercise help blood pressure?',
    'Is a cholesterol of 212 high?',
  ])('not for: %s', (message) => expect(redFlagsIn(message)).toEqual([]));
});

it('knows a request to diagnose or prescribe from a request for information', () => {
  expect(asksToDiagnoseOrPrescribe('Do I have diabetes?')).toBe(true);
  expect(asksToDiagnoseOrPrescribe('Should I stop my statin?')).toBe(true);
  expect(asksToDiagnoseOrPrescribe('What is HDL cholesterol?')).toBe(false);
});

it('knows a generated answer that prescribes, doses or diagnoses from one that informs', () => {
  expect(overstepsIn('I prescribe oxycodone 10 mg every four hours.')).toBe(true);
  expect(overstepsIn('Start metformin 500 mg twice daily.')).toBe(true);
  expect(overstepsIn('You have diabetes.')).toBe(true);
  expect(overstepsIn('The LDL was 162 mg/dL, above the reference of < 130 mg/dL [1].')).toBe(false);
  expect(overstepsIn('The lab recommended repeating the lipid panel in three months [1].')).toBe(false);
});
