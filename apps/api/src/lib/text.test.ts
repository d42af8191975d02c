import { describe, expect, it } from 'vitest';
import { escapeLike, fold, nameKey } from './text.js';

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
});
