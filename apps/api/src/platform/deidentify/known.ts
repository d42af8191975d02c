import type { AddressValue } from '../../db/schema/index.js';
import { fold, spansIn, type Folded, type Span } from './fold.js';

/** What we hold about a patient in scope of a question (the conversation's patient). */
export type KnownPatient = {
  givenName: string;
  familyName: string;
  birthDate?: string | null | undefined;
  mrn?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address?: AddressValue | null | undefined;
};

/** Not a letter or digit on either side: `\b` is ASCII-only in JavaScript, so "Zoë" would split. */
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A folded phrase with any run of spaces, hyphens or commas between its words. */
const phrase = (s: string) =>
  fold(s)
    .split(/[\s,-]+/)
    .filter(Boolean)
    .map(escape)
    .join('[\\s,-]+');

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A birth date in its common spellings, in folded text: ISO, d/m/y, m/d/y, d.m.y, "21 Jan 1943", "January 21, 1943". */
export function birthDatePattern(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [m[1]!, Number(m[2]), Number(m[3])];
  const yy = y.slice(2);
  const month = MONTHS[mo - 1]!;
  const monthWord = `(?:${month}|${month.slice(0, 3)}${month === 'september' ? '|sept' : ''})\\.?`;
  const dd = `0?${d}`;
  const mm = `0?${mo}`;
  const sep = '[\\s/.-]';
  const ord = '(?:st|nd|rd|th)?';
  return [
    `${y}${sep}${mm}${sep}${dd}`,
    `${dd}${sep}${mm}${sep}(?:${y}|${yy})`,
    `${mm}${sep}${dd}${sep}(?:${y}|${yy})`,
    `${d}${ord}(?:\\s+of)?\\s+${monthWord},?\\s+${y}`,
    `${monthWord}\\s+${d}${ord},?\\s+${y}`,
  ]
    .map((p) => `${B}${p}${E}`)
    .join('|');
}

const STREET_WORDS: Record<string, string> = {
  street: 'street|st',
  avenue: 'avenue|ave',
  road: 'road|rd',
  boulevard: 'boulevard|blvd',
  lane: 'lane|ln',
  drive: 'drive|dr',
  court: 'court|ct',
  place: 'place|pl',
  square: 'square|sq',
  terrace: 'terrace|ter',
  parkway: 'parkway|pkwy',
  highway: 'highway|hwy',
};
const STREET_ABBR = Object.fromEntries(
  Object.values(STREET_WORDS).map((alts) => [alts.split('|')[1]!, alts] as const),
);

/** A street line with "Street"/"St." (and the like) interchangeable. */
function streetPattern(line: string): string {
  return fold(line)
    .replace(/[.,]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const alts = STREET_WORDS[w] ?? STREET_ABBR[w];
      return alts ? `(?:${alts})\\.?` : escape(w);
    })
    .join('[\\s,.-]+');
}

/**
 * Layer 1: spans of the identifiers we hold for `patient`, found in `folded` text, each replaced by
 * a placeholder `[PATIENT_n_…]`; `remember` records what a placeholder stands for.
 */
export function knownSpans(
  folded: Folded,
  n: number,
  patient: KnownPatient,
  remember: (placeholder: string, original: string) => string,
): Span[] {
  const spans: Span[] = [];
  const tag = (kind: string) => `[PATIENT_${n}_${kind}]`;
  const add = (pattern: string | undefined, kind: string, original: string) => {
    if (!pattern) return;
    const placeholder = remember(tag(kind), original);
    spans.push(...spansIn(folded, new RegExp(pattern, 'gu'), () => placeholder));
  };

  // Names: the whole name, then every part (hyphenated and multi-word names split), any case or accent.
  for (const [kind, name] of [
    ['GIVEN', patient.givenName],
    ['FAMILY', patient.familyName],
  ] as const) {
    const parts = name.split(/[\s-]+/).filter((p) => fold(p).replace(/[^\p{L}]/gu, '').length >= 2);
    if (parts.length > 1) add(`${B}${phrase(name)}${E}`, kind, name);
    parts.forEach((part, i) =>
      add(`${B}${escape(fold(part))}${E}`, parts.length > 1 ? `${kind}_${i + 1}` : kind, part),
    );
  }
  if (patient.birthDate) add(birthDatePattern(patient.birthDate), 'BIRTH_DATE', patient.birthDate);
  if (patient.mrn) {
    const mrn = fold(patient.mrn).replace(/[\s-]/g, '');
    add(`${B}${mrn.split('').map(escape).join('[\\s-]?')}${E}`, 'MRN', patient.mrn);
  }
  if (patient.email) add(`${B}${escape(fold(patient.email))}${E}`, 'EMAIL', patient.email);
  if (patient.phone) {
    // Any run of digits (with the usual punctuation) that is the number, or its national part.
    const digits = patient.phone.replace(/\D/g, '');
    const placeholder = remember(tag('PHONE'), patient.phone);
    if (digits.length >= 7) {
      spans.push(
        ...spansIn(folded, /(?<![\p{L}\p{N}])\+?[\d\s().-]{6,}\d(?![\p{L}\p{N}])/gu, (m) => {
          const found = m.replace(/\D/g, '').replace(/^0+/, '');
          return found.length >= 7 && digits.endsWith(found) ? placeholder : undefined;
        }),
      );
    }
  }
  const address = patient.address;
  if (address?.line) {
    add(`${B}${streetPattern(address.line)}${E}`, 'STREET', address.line);
    // The street without its house number ("Main Street" of "11 Main Street").
    const bare = address.line.replace(/^\s*\d+[\p{L}]?[\s,]+/u, '');
    if (bare !== address.line && bare.length >= 4)
      add(`${B}${streetPattern(bare)}${E}`, 'STREET', address.line);
  }
  if (address?.city) add(`${B}${phrase(address.city)}${E}`, 'CITY', address.city);
  if (address?.postalCode) {
    const code = fold(address.postalCode).replace(/\s/g, '');
    add(`${B}${code.split('').map(escape).join('\\s?')}${E}`, 'POSTAL_CODE', address.postalCode);
  }
  return spans;
}
