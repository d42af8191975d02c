import { distance } from 'fastest-levenshtein';
import { fold } from '../../lib/text.js';

/**
 * How a name part sounds, roughly, in the spellings clinics see: "Sophia" and "Sofia" → "sofia",
 * "Katherine" and "Catherine" → "katerine". Letters only; doubled letters count once.
 */
export function soundKey(part: string): string {
  return fold(part)
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/ck|c|q/g, 'k')
    .replace(/(?<=.)h/g, '')
    .replace(/z/g, 's')
    .replace(/y/g, 'i')
    .replace(/(.)\1+/g, '$1');
}

/** Two spellings of one name part: they sound alike, or (four letters or more) differ by one letter. */
function alike(a: string, b: string): boolean {
  const [ka, kb] = [soundKey(a), soundKey(b)];
  return ka === kb || (Math.min(ka.length, kb.length) >= 4 && distance(ka, kb) <= 1);
}

type Name = { givenName: string; familyName: string };

/** Sofia/Sophia Cohen, Jon/John Smyth, and given and family names swapped. */
export function similarNames(a: Name, b: Name): boolean {
  return (
    (alike(a.givenName, b.givenName) && alike(a.familyName, b.familyName)) ||
    (alike(a.givenName, b.familyName) && alike(a.familyName, b.givenName))
  );
}

/** What the near-duplicate rule compares of two patients born on the same day. */
export type DuplicateKeys = Name & { nameKey: string; phoneDigits?: string | null };

/**
 * The near-duplicate rule, for two patients born on the same day: the same folded name, the same phone
 * digits, or names that sound or spell alike. Registration (409) and imports (flagged) both ask this.
 */
export function likelyDuplicate(a: DuplicateKeys, b: DuplicateKeys): boolean {
  return (
    a.nameKey === b.nameKey ||
    (a.phoneDigits != null && a.phoneDigits === b.phoneDigits) ||
    similarNames(a, b)
  );
}
