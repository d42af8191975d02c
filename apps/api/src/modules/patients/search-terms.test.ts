import { describe, expect, it } from 'vitest';
import { dateOrderOf, parseBirthDate, searchTermsOf } from './search-terms.js';

const us = dateOrderOf('en-US');

describe('what a search entry means', () => {
  it("reads birth dates in ISO form and in the clinic's numeric order", () => {
    expect(us).toEqual(['month', 'day', 'year']);
    expect(dateOrderOf('de-DE')).toEqual(['day', 'month', 'year']);
    expect(parseBirthDate('01/21/1943', us)).toBe('1943-01-21');
    expect(parseBirthDate('1943-01-21', us)).toBe('1943-01-21');
    expect(parseBirthDate('21.01.1943', dateOrderOf('de-DE'))).toBe('1943-01-21');
    expect(parseBirthDate('21/01/1943', us)).toBeUndefined();
    expect(parseBirthDate('02/30/1943', us)).toBeUndefined();
    expect(parseBirthDate('1/2/43', us)).toBeUndefined();
  });

  it('splits names into folded words, and recognises phone, e-mail, MRN and a date beside words', () => {
    expect(searchTermsOf('  Sof   COH ', us)).toEqual({ words: ['sof', 'coh'] });
    expect(searchTermsOf("José O'Neil", us)).toEqual({ words: ['jose', 'o', 'neil'] });
    expect(searchTermsOf('cohen 01/21/1943', us)).toEqual({ words: ['cohen'], birthDate: '1943-01-21' });
    expect(searchTermsOf('(617) 555-0199', us)).toEqual({ words: [], phoneDigits: '6175550199' });
    expect(searchTermsOf('Zoe@Clinic', us)).toEqual({ words: [], email: 'zoe@clinic' });
    expect(searchTermsOf('mc00042', us)).toEqual({ words: [], mrn: 'MC00042' });
  });
});
