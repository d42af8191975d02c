import { describe, expect, it } from 'vitest';
import { asksToDiagnoseOrPrescribe, redFlagsIn, scrubberFor } from './guardrails.js';

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

describe('the scrubber', () => {
  const scrub = scrubberFor({
    names: ['Ada', 'Lovelace'],
    birthDate: '1985-12-10',
    mrn: 'MC0000042',
    phone: '+44 20 7946 0018',
    email: 'ada@example.org',
  });

  it('replaces the patient’s identifiers in their usual spellings', () => {
    expect(
      scrub(
        'ADA LOVELACE, born 10 December 1985 (12/10/1985), MRN MC0000042, tel 020 7946 0018 / +44 20 7946 0018, ada@example.org',
      ),
    ).toBe('[NAME] [NAME], born [DATE] ([DATE]), MRN [MRN], tel [PHONE] / [PHONE], [EMAIL]');
  });

  it('replaces anything shaped like an identifier, and leaves clinical numbers alone', () => {
    expect(
      scrub('My name is Grace Hopper, SSN 123-45-6789, seen 2026-01-05; cholesterol 212 mg/dL, BP 128/82'),
    ).toBe('My name is [NAME], SSN [SSN], seen [DATE]; cholesterol 212 mg/dL, BP 128/82');
  });
});
