import { describe, expect, it } from 'vitest';
import { similarNames, soundKey } from './duplicates.js';

const name = (givenName: string, familyName: string) => ({ givenName, familyName });

describe('similar names (the near-duplicate warning)', () => {
  it('hears common spellings of one name alike', () => {
    expect(soundKey('Sophia')).toBe(soundKey('Sofia'));
    expect(soundKey('Katherine')).toBe(soundKey('Catherine'));
    expect(soundKey('Zoë')).toBe(soundKey('Zoe'));
  });

  it('pairs Sofia/Sophia, one-letter slips and swapped names, not different people', () => {
    expect(similarNames(name('Sofia', 'Cohen'), name('Sophia', 'Cohen'))).toBe(true);
    expect(similarNames(name('Jon', 'Smyth'), name('John', 'Smith'))).toBe(true);
    expect(similarNames(name('Maria', 'Lopez'), name('Mario', 'Lopez'))).toBe(true);
    expect(similarNames(name('Cohen', 'Sofia'), name('Sofia', 'Cohen'))).toBe(true);
    expect(similarNames(name('Ana', 'Castellano'), name('Eva', 'Castellano'))).toBe(false);
    expect(similarNames(name('Sofia', 'Cohen'), name('Sofia', 'Katz'))).toBe(false);
  });
});
