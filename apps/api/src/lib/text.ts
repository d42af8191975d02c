/**
 * Text PostgreSQL cannot store (NUL) or that is not Unicode at all (half of a surrogate pair):
 * refused at the edge (plugins/validation.ts) rather than failing deep inside a query.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what it looks for
const UNSAFE_TEXT = /\u0000|\p{Cs}/u;

export const isSafeText = (value: string): boolean => !UNSAFE_TEXT.test(value);

/** JSON pointers of every string in `value` (property names included) that is not safe text. */
export function unsafeTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return isSafeText(value) ? [] : [path || '/'];
  if (!value || typeof value !== 'object') return [];
  const found: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!isSafeText(key)) found.push(at);
    else found.push(...unsafeTextPaths(item, at));
  }
  return found;
}

/**
 * A person's name as stored: compatibility forms folded (NFKC: full-width letters, ligatures),
 * invisible format characters removed (zero-width space and joiners, soft hyphen, bidi controls),
 * runs of white space folded to one space.
 */
export function cleanName(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, accents and invisible characters removed, runs of white space folded to one space. */
export function fold(value: string): string {
  return cleanName(value).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
/** The key two records of one person share even when typed differently: "José  María" = "jose maria". */
export function nameKey(givenName: string, familyName: string): string {
  return `${fold(givenName).replace(/[\s'-]/g, '')}|${fold(familyName).replace(/[\s'-]/g, '')}`;
}

export const digitsOf = (value: string): string => value.replace(/\D/g, '');

/** Escapes LIKE wildcards so user input matches literally. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The derived keys a patient row keeps beside its name: duplicate check, search, list order. */
export function nameKeys(givenName: string, familyName: string) {
  return {
    nameKey: nameKey(givenName, familyName),
    searchName: fold(`${givenName} ${familyName}`),
    sortName: fold(`${familyName} ${givenName}`),
  };
}
