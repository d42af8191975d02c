import { applySpans, foldWithMap } from './fold.js';
import { knownSpans, type KnownPatient } from './known.js';
import { EMAIL, scrubPatterns, type PatternKind } from './patterns.js';

export type { KnownPatient } from './known.js';

/** Placeholders this module writes: [PATIENT_1_GIVEN], [DATE_2], … */
const PLACEHOLDER = /\[(?:PATIENT_\d+_[A-Z_0-9]+|(?:EMAIL|DATE|ADDRESS|POSTAL_CODE|ID|PHONE|NAME)_\d+)\]/g;
const LONGEST_PLACEHOLDER = 40;

export type Deidentifier = {
  /** The text with every identifier replaced by a placeholder (the same value, the same placeholder). */
  scrub(text: string): string;
  /** Placeholders put back as the values they stand for (what the user is shown). */
  restore(text: string): string;
  /** `restore` for a stream: pieces in, restored pieces out, a placeholder never cut in two. */
  restoreStream(): { push(piece: string): string; flush(): string };
  /** How many distinct values were replaced (for tests and the audit of what left). */
  readonly size: number;
};

/**
 * De-identification before text leaves for an external model, in two layers: (1) every identifier
 * we hold for the patients in scope, matched however it is written (any case, with or without
 * accents, phone and date in any common format), and (2) patterns for identifiers of anyone
 * (docs/security.md lists both). One instance per question, so placeholders are stable across the
 * question, the history, the passages and the answer.
 */
export function deidentifier(patients: KnownPatient[]): Deidentifier {
  const values = new Map<string, string>();
  const byValue = new Map<string, string>();
  const counters = new Map<PatternKind, number>();

  const remember = (placeholder: string, original: string) => {
    if (!values.has(placeholder)) values.set(placeholder, original);
    return placeholder;
  };
  const numbered = (kind: PatternKind, value: string) => {
    const key = `${kind}\u0000${value}`;
    const known = byValue.get(key);
    if (known) return known;
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const placeholder = `[${kind}_${n}]`;
    byValue.set(key, placeholder);
    values.set(placeholder, value);
    return placeholder;
  };
  const restore = (text: string) => text.replace(PLACEHOLDER, (p) => values.get(p) ?? p);

  return {
    scrub(text) {
      const nfc = text.normalize('NFC');
      const folded = foldWithMap(nfc);
      const spans = patients.flatMap((p, i) => knownSpans(folded, i + 1, p, remember));
      // An e-mail address is replaced whole, not cut up by a name inside it (the patient's own wins).
      for (const m of nfc.matchAll(EMAIL)) {
        spans.push({ from: m.index, to: m.index + m[0].length, replacement: numbered('EMAIL', m[0]) });
      }
      return scrubPatterns(applySpans(nfc, spans), numbered);
    },
    restore,
    restoreStream() {
      let held = '';
      return {
        push(piece) {
          held += piece;
          const open = held.lastIndexOf('[');
          // Hold back an unfinished "[PATIENT_1_GIV" until its "]" (or enough text to know it is not one).
          if (open >= 0 && !held.includes(']', open) && held.length - open < LONGEST_PLACEHOLDER) {
            const out = restore(held.slice(0, open));
            held = held.slice(open);
            return out;
          }
          const out = restore(held);
          held = '';
          return out;
        },
        flush() {
          const out = restore(held);
          held = '';
          return out;
        },
      };
    },
    get size() {
      return values.size;
    },
  };
}
