/**
 * Text folded for matching (lower case, accents removed, typographic apostrophes plain), with a map
 * from each folded character back to the original, so a match found in the folded text replaces
 * exactly the original characters: "ZOË", "Zoe" and "zoë" all fold to "zoe".
 */

/** Letters that NFD does not decompose into a base letter and a mark. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
};

/** One string folded: what identifiers are compared as. */
export const fold = (text: string): string =>
  [...text].map((ch) => (SPECIAL[ch] ?? ch).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()).join('');

export type Folded = { text: string; start: number[]; end: number[] };

/** `text` folded, with the original start and end offset of every folded character. */
export function foldWithMap(text: string): Folded {
  let out = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    for (let k = 0; k < f.length; k++) {
      start.push(i);
      end.push(i + ch.length);
    }
    out += f;
    i += ch.length;
  }
  return { text: out, start, end };
}

export type Span = { from: number; to: number; replacement: string };

/**
 * Applies replacements to `text`; where spans overlap, the one starting first (then the longer)
 * wins, so a whole address is not cut up by a name inside it.
 */
export function applySpans(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.from - b.from || b.to - a.to);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.from < at) continue;
    out += text.slice(at, s.from) + s.replacement;
    at = s.to;
  }
  return out + text.slice(at);
}

/** Every match of `re` (global) in the folded text, as spans of the original. */
export function spansIn(folded: Folded, re: RegExp, replacement: (match: string) => string | undefined) {
  const spans: Span[] = [];
  for (const m of folded.text.matchAll(re)) {
    if (m[0].length === 0) continue;
    const r = replacement(m[0]);
    if (r === undefined) continue;
    const from = folded.start[m.index]!;
    const to = folded.end[m.index + m[0].length - 1]!;
    spans.push({ from, to, replacement: r });
  }
  return spans;
}
