import { digitsOf, fold } from '../../lib/text.js';

/** What a search box entry asks for, read once: name word prefixes, a birth date, phone, e-mail or MRN. */
export type SearchTerms = {
  /** Folded name words, each matched as the prefix of some word of the name, in any order. */
  words: string[];
  birthDate?: string;
  /** Four or more digits when the whole entry reads as a phone number. */
  phoneDigits?: string;
  /** A lower-case e-mail prefix. */
  email?: string;
  /** An upper-case MRN prefix. */
  mrn?: string;
};

/** The order of day, month and year in a locale's numeric dates: en-US → ['month', 'day', 'year']. */
export function dateOrderOf(locale: string): ('day' | 'month' | 'year')[] {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(Date.UTC(2001, 10, 22)))
    .map((p) => p.type)
    .filter((t): t is 'day' | 'month' | 'year' => t === 'day' || t === 'month' || t === 'year');
  return parts.length === 3 ? parts : ['year', 'month', 'day'];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$/;

function validDate(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return undefined;
  }
  return d.toISOString().slice(0, 10);
}

/** Reads `1943-01-21`, or a date in the clinic's own numeric order (01/21/1943 in en-US, 21.01.1943 in de-DE). */
export function parseBirthDate(word: string, order: ('day' | 'month' | 'year')[]): string | undefined {
  const iso = ISO_DATE.exec(word);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const local = LOCAL_DATE.exec(word);
  if (!local) return undefined;
  const value: Record<string, number> = {};
  order.forEach((part, i) => (value[part] = Number(local[i + 1])));
  // A year typed with four digits only: "1/2/43" could be 1943 or 2043.
  const yearText = local[order.indexOf('year') + 1]!;
  if (yearText.length !== 4) return undefined;
  return validDate(value.year!, value.month!, value.day!);
}

/** Splits a search entry into what it can mean. `order` is the clinic's date order (dateOrderOf). */
export function searchTermsOf(q: string, order: ('day' | 'month' | 'year')[]): SearchTerms {
  const raw = q.trim();
  if (raw.includes('@')) return { words: [], email: raw.toLowerCase() };
  if (/^mc\d+$/i.test(raw)) return { words: [], mrn: raw.toUpperCase() };
  const terms: SearchTerms = { words: [] };
  const rest: string[] = [];
  for (const word of raw.split(/\s+/)) {
    const date = terms.birthDate ? undefined : parseBirthDate(word, order);
    if (date) terms.birthDate = date;
    else rest.push(word);
  }
  const remaining = rest.join(' ');
  const digits = digitsOf(remaining);
  if (digits.length >= 4 && /^[\d\s()+.-]+$/.test(remaining)) return { ...terms, phoneDigits: digits };
  terms.words = [
    ...new Set(
      fold(remaining)
        .split(/[\s'-]+/)
        .filter((w) => w.length > 0),
    ),
  ];
  return terms;
}
