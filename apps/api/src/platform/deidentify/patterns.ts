/**
 * Layer 2: anything shaped like an identifier, whoever it belongs to. Unicode-aware: a "word
 * boundary" is "no letter or digit beside it" (`\p{L}`, `\p{N}` lookarounds with the `u` flag),
 * never `\b`, which in JavaScript knows only ASCII letters.
 */

const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';

/** "Word" as [Ww]ord: case-insensitive for the cue word while names after it stay case-sensitive. */
const anyCase = (words: string[]) =>
  words
    .map((w) =>
      w.replace(/\p{L}/gu, (c, i: number) => (i === 0 ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)),
    )
    .join('|');
const allCases = (words: string[]) => words.flatMap((w) => [w, w.toLowerCase(), w.toUpperCase()]).join('|');

const MONTH =
  '(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]un(?:e)?|[Jj]ul(?:y)?|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)';
const ORD = '(?:st|nd|rd|th)?';
const WEEKDAY =
  '(?:(?:[Mm]on|[Tt]ues?|[Ww]ed(?:nes)?|[Tt]hu(?:rs)?|[Ff]ri|[Ss]at(?:ur)?|[Ss]un)(?:day)?\\.?,?\\s+)?';

/** A capitalised name of one to three words ("Ingrid", "Maria Lopez", "Ana María de la Cruz" in part). */
const NAME = "[\\p{Lu}][\\p{L}'’-]+(?:\\s+[\\p{Lu}][\\p{L}'’-]+){0,2}";

const KIN = anyCase([
  'wife',
  'husband',
  'partner',
  'spouse',
  'son',
  'daughter',
  'mother',
  'mom',
  'mum',
  'father',
  'dad',
  'brother',
  'sister',
  'sibling',
  'aunt',
  'uncle',
  'cousin',
  'niece',
  'nephew',
  'grandson',
  'granddaughter',
  'grandchild',
  'grandmother',
  'grandfather',
  'grandma',
  'grandpa',
  'granny',
  'stepson',
  'stepdaughter',
  'stepmother',
  'stepfather',
  'fiancé',
  'fiancée',
  'fiance',
  'fiancee',
  'boyfriend',
  'girlfriend',
  'child',
  'caregiver',
  'carer',
  'guardian',
  'friend',
  'neighbour',
  'neighbor',
  'relative',
  'contact',
  'kin',
  'in-law',
]);
const TITLE = '(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Sra|Herr|Frau|Mme|Mlle)';
const CUE = anyCase(['name is', 'named', 'called', 'name:', 'signed', 'sincerely,', 'regards,', 'patient:']);

const STREET_SUFFIX = allCases([
  'Street',
  'St',
  'Avenue',
  'Ave',
  'Road',
  'Rd',
  'Boulevard',
  'Blvd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Court',
  'Ct',
  'Place',
  'Pl',
  'Way',
  'Terrace',
  'Square',
  'Sq',
  'Close',
  'Crescent',
  'Highway',
  'Hwy',
  'Parkway',
  'Pkwy',
  'Circle',
  'Row',
]);

export const EMAIL = new RegExp(`${B}[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.\\p{L}{2,}${E}`, 'gu');

export type PatternKind = 'EMAIL' | 'DATE' | 'ADDRESS' | 'POSTAL_CODE' | 'ID' | 'PHONE' | 'NAME';

/**
 * In order: each pass runs over the text the previous ones left, so a date is gone before the
 * phone pass could take its digits. `group`: only that capture group is replaced (the cue stays).
 */
export const PATTERNS: {
  kind: PatternKind;
  re: RegExp;
  group?: number;
  accept?: (match: string) => boolean;
}[] = [
  { kind: 'EMAIL', re: EMAIL },
  // Dates: ISO (with time), numeric day/month/year either way round, and in words.
  {
    kind: 'DATE',
    re: new RegExp(
      `${B}\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?${E}`,
      'gu',
    ),
  },
  { kind: 'DATE', re: new RegExp(`${B}\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})${E}`, 'gu') },
  {
    kind: 'DATE',
    re: new RegExp(
      `${B}${WEEKDAY}\\d{1,2}${ORD}(?:\\s+of)?[\\s-]+${MONTH}\\.?(?:,?[\\s-]+\\d{4})?${E}`,
      'gu',
    ),
  },
  { kind: 'DATE', re: new RegExp(`${B}${WEEKDAY}${MONTH}\\.?\\s+\\d{1,2}${ORD}(?:,?\\s+\\d{4})?${E}`, 'gu') },
  { kind: 'DATE', re: new RegExp(`${B}${MONTH}\\.?,?\\s+\\d{4}${E}`, 'gu') },
  // Street addresses: "11 Main Street, Apt 4B", "Hauptstraße 5", "Calle Mayor 12", "PO Box 14".
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `${B}\\d{1,5}[A-Za-z]?,?\\s+(?:[\\p{Lu}\\d][\\p{L}\\p{N}'’.-]*\\s+){0,4}(?:${STREET_SUFFIX})\\.?${E}(?:,?\\s+(?:[Aa]pt|[Aa]partment|[Uu]nit|[Ss]uite|[Ff]lat|#)\\.?\\s*[\\p{L}\\p{N}-]+)?`,
      'gu',
    ),
  },
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `${B}[\\p{Lu}][\\p{L}]*(?:straße|strasse|gasse|weg|platz|allee|laan|straat|gade|vej|gatan|vägen)\\s+\\d{1,4}[a-z]?${E}`,
      'gu',
    ),
  },
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `${B}(?:\\d{1,4}[a-z]?,?\\s+)?(?:Rue|Calle|Carrer|Via|Viale|Avenida|Rua|Piazza|Plaza|Praça|Chemin|Allée|Boulevard|Avenue)(?:\\s+(?:de|del|della|des|du|da|di|do|dos|la|le|les|los|las)(?=\\s)|\\s+(?:[ldLD]['’])?[\\p{Lu}][\\p{L}'’-]*){1,5}(?:,?\\s*\\d{1,4}[a-z]?${E})?`,
      'gu',
    ),
  },
  { kind: 'ADDRESS', re: new RegExp(`${B}(?:P\\.?\\s?O\\.?\\s+)?[Bb]ox\\s+\\d+${E}`, 'gu') },
  // "Madison NY 10001", "Madison, NY 10001-1234": a city with a US state and ZIP.
  {
    kind: 'ADDRESS',
    re: new RegExp(
      `${B}[\\p{Lu}][\\p{L}.'’-]*(?:\\s+[\\p{Lu}][\\p{L}.'’-]*){0,2},?\\s+[A-Z]{2},?\\s+\\d{5}(?:-\\d{4})?${E}`,
      'gu',
    ),
  },
  // Postal codes: UK, Canadian, and five-digit ones (US ZIP, DE, FR, ES, IT…) unless a unit follows.
  { kind: 'POSTAL_CODE', re: new RegExp(`${B}[A-Z]{1,2}\\d[A-Z\\d]?\\s*\\d[A-Z]{2}${E}`, 'gu') },
  { kind: 'POSTAL_CODE', re: new RegExp(`${B}[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d${E}`, 'gu') },
  {
    kind: 'POSTAL_CODE',
    re: new RegExp(
      `${B}\\d{5}(?:-\\d{4})?${E}(?!\\s*(?:mg|g|µg|mcg|iu|IU|units?|ml|mL|mmol|µmol|%|/|x|×|cells|copies|steps|kcal|cal))`,
      'gu',
    ),
  },
  // Identifiers after a label: "insurance no. XK-4471-0098", "member ID 99812", "SSN 123-45-6789".
  {
    kind: 'ID',
    group: 2,
    re: new RegExp(
      `(${B}(?:${anyCase(['mrn', 'ssn', 'nhs', 'insurance', 'policy', 'member', 'subscriber', 'account', 'acct', 'record', 'medicare', 'medicaid', 'passport', 'licence', 'license', 'id', 'number', 'no'])})(?:\\s+(?:[Nn]o|[Nn]umber|[Nn]um|[Ii][Dd]|#))?\\.?\\s*[:#]?\\s*)([A-Za-z0-9][A-Za-z0-9-]{3,}[A-Za-z0-9])${E}`,
      'gu',
    ),
    accept: (m) => /\d/.test(m),
  },
  { kind: 'ID', re: new RegExp(`${B}\\d{3}-\\d{2}-\\d{4}${E}`, 'gu') },
  // Phone numbers: 9–15 digits with the usual punctuation, or a 7-digit local number (555-0199).
  {
    kind: 'PHONE',
    re: new RegExp(`${B}\\+?\\(?\\d[\\d\\s().-]{5,}\\d${E}|${B}\\d{3}[-.]\\d{4}${E}`, 'gu'),
    accept: (m) => {
      const digits = m.replace(/\D/g, '').length;
      return (digits >= 9 && digits <= 15) || /^\d{3}[-.]\d{4}$/.test(m) || /^\+/.test(m);
    },
  },
  // Long runs: insurance and record numbers (six digits or more, letters and hyphens allowed).
  {
    kind: 'ID',
    re: new RegExp(`${B}[A-Za-z0-9][A-Za-z0-9-]{4,}[A-Za-z0-9]${E}`, 'gu'),
    accept: (m) => (m.match(/\d/g)?.length ?? 0) >= 6,
  },
  // Names after a kinship word, a title or a cue: "his wife Ingrid", "daughter Ana", "Mrs Lopez".
  {
    kind: 'NAME',
    group: 2,
    re: new RegExp(`(${B}(?:${KIN})(?:'s|’s)?[,:]?\\s+(?:(?:is|was|named|called)\\s+)?)(${NAME})`, 'gu'),
  },
  { kind: 'NAME', group: 2, re: new RegExp(`(${B}${TITLE}\\.?\\s+)(${NAME})`, 'gu') },
  { kind: 'NAME', group: 2, re: new RegExp(`(${B}(?:${CUE})\\s+)(${NAME})`, 'gu') },
];

/** Runs the patterns over `text`; `placeholder` names (and remembers) each value found. */
export function scrubPatterns(
  text: string,
  placeholder: (kind: PatternKind, value: string) => string,
): string {
  let out = text;
  for (const p of PATTERNS) {
    out = out.replace(p.re, (...args: unknown[]) => {
      const match = args[0] as string;
      const value = p.group ? (args[p.group] as string) : match;
      if (p.accept && !p.accept(value)) return match;
      if (!p.group) return placeholder(p.kind, value);
      const prefix = (args[1] as string) ?? '';
      return `${p.group === 2 ? prefix : ''}${placeholder(p.kind, value)}`;
    });
  }
  return out;
}
