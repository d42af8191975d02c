/**
 * Sentences of extracted text. A PDF's lines are kept apart where a line is a unit of its own (a
 * lab report's "LDL cholesterol 162 mg/dL" rows, a heading) and joined where a sentence runs on to
 * the next line; each resulting line is then split at sentence ends (Intl.Segmenter).
 */
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Lines that belong together: a line not ending a sentence, followed by one starting in lower case. */
function logicalLines(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && !/[.!?:;]$/.test(last) && /^[\p{Ll}(,]/u.test(line))
      out[out.length - 1] = `${last} ${line}`;
    else out.push(line);
  }
  return out;
}

/** A segment ending in one of these is not a sentence end ("Dr. Reyes", "e.g. salt"). */
const ABBREVIATION = /(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|No|approx|e\.g|i\.e|vs|cf|Jr|Sr)\.$/i;

export function sentencesOf(text: string): string[] {
  return logicalLines(text).flatMap((line) => {
    const out: string[] = [];
    for (const { segment } of segmenter.segment(line)) {
      const s = segment.trim();
      if (!s) continue;
      const last = out.at(-1);
      if (last !== undefined && ABBREVIATION.test(last)) out[out.length - 1] = `${last} ${s}`;
      else out.push(s);
    }
    return out;
  });
}
