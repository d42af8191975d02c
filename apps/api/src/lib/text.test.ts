import { describe, expect, it } from 'vitest';
import { cleanName, escapeLike, fold, nameKey, unsafeTextPaths } from './text.js';

describe('name folding', () => {
  it('ignores case, accents and spacing', () => {
    expect(fold('  ZOË   Ångström ')).toBe('zoe angstrom');
    expect(nameKey('José  María', 'Núñez')).toBe(nameKey('jose maria', 'NUNEZ'));
    expect(nameKey('Mary-Ann', "O'Brien")).toBe(nameKey('Mary Ann', 'OBrien'));
  });

  it('keeps different people apart', () => {
    expect(nameKey('Ann', 'Lee')).not.toBe(nameKey('Lee', 'Ann'));
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('drops invisible format characters and folds compatibility forms', () => {
    expect(cleanName(' An\u200bna\u00ad \u202eＬｅｅ\u202c ')).toBe('Anna Lee');
    expect(nameKey('An\u200dna', 'Lee')).toBe(nameKey('Anna', 'Lee'));
  });
});

describe('safe text', () => {
  it('finds NUL and unpaired surrogates anywhere, keys included, and lets pairs through', () => {
    expect(
      unsafeTextPaths({ a: 'ok 😀', b: ['x', 'y\u0000'], c: { 'd/e': '\ud800' }, 'f\udc00': 1 }),
    ).toEqual(['/b/1', '/c/d~1e', '/f\udc00']);
    expect(unsafeTextPaths('\u0000')).toEqual(['/']);
    expect(unsafeTextPaths([null, 1, true])).toEqual([]);
  });
});
