import { fold } from '../../platform/deidentify/fold.js';

/**
 * The sentences of a passage that answer a question: those that contain the question's terms, with
 * their neighbours, in document order, within a length budget (the best-matching first when it
 * must choose). Passages are stored one sentence per line (documents/extract.ts).
 */

export const STOP = new Set(
  'the and for are but not you your with what when where which who why how does did can could should would about from this that these those have has had was were will into than then them they their there here its our out over also just only very much many more most some any all been being his her hers she him i me my mine a an of on in to is it be as at by or if so no do tell show give please say said latest last recent newest most'.split(
    ' ',
  ),
);

/** Words that name the same thing in questions and reports. */
const SYNONYMS: Record<string, string[]> = {
  bp: ['blood', 'pressure'],
  a1c: ['hba1c'],
  hba1c: ['a1c'],
  sugar: ['glucose'],
  glucose: ['sugar'],
  cholesterol: ['lipid'],
  lipids: ['cholesterol'],
  weight: ['bmi'],
  kidney: ['renal', 'egfr'],
  recommend: ['advise', 'advice', 'plan'],
  recommended: ['advise', 'advice', 'plan'],
};

/** The question's terms, folded (case and accents), stop words out, synonyms in. */
export function termsOf(question: string): string[] {
  const words = fold(question).match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = words.filter((w) => (w.length >= 3 || /\d/.test(w) || w === 'bp') && !STOP.has(w));
  return [...new Set(terms.flatMap((t) => [t, ...(SYNONYMS[t] ?? [])]))];
}

const matches = (word: string, term: string) =>
  word === term ||
  (Math.min(word.length, term.length) >= 4 && (word.startsWith(term) || term.startsWith(word))) ||
  (term.length >= 5 && word.startsWith(term.slice(0, -1)));

/** How many of `terms` a sentence holds. */
export function scoreOf(sentence: string, terms: string[]): number {
  const words = fold(sentence).match(/[\p{L}\p{N}]+/gu) ?? [];
  return terms.filter((t) => words.some((w) => matches(w, t))).length;
}

/** The sentences of `text` for `terms`, with a neighbour either side, at most `budget` characters. */
export function quoteOf(text: string, terms: string[], budget = 480): string {
  const sentences = text.split('\n').filter((s) => s.trim());
  const scores = sentences.map((s) => scoreOf(s, terms));
  const best = Math.max(0, ...scores);
  if (best === 0) return clip(sentences.join(' '), budget);
  // Strongest matches first; each brings its neighbours while the budget lasts.
  const order = scores
    .map((score, i) => ({ score, i }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen = new Set<number>();
  let used = 0;
  const take = (i: number) => {
    if (i < 0 || i >= sentences.length || chosen.has(i)) return true;
    const cost = sentences[i]!.length + 1;
    if (used + cost > budget && chosen.size > 0) return false;
    chosen.add(i);
    used += cost;
    return true;
  };
  for (const { i } of order) if (!take(i)) break;
  for (const { i } of order) {
    if (!chosen.has(i)) continue;
    take(i - 1);
    take(i + 1);
  }
  const picked = [...chosen].sort((a, b) => a - b);
  // Rows of a table or report have no full stop: a separator keeps "… 162 mg/dL" apart from the next row.
  return picked
    .map((i, k) => {
      const text = sentences[i]!;
      if (k === 0) return text;
      if (picked[k - 1] !== i - 1) return `… ${text}`;
      return /[.!?:;,]$/.test(sentences[i - 1]!) ? text : `· ${text}`;
    })
    .join(' ');
}

const clip = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max).replace(/\s+\S*$/, '')}…`;
