/**
 * What the helper will not do, decided before any model sees the question: it answers red-flag
 * symptoms with "get help now" and nothing else, says it does not diagnose or prescribe when asked
 * to, and replaces identifiers with placeholders before text leaves for an external provider.
 */

const RED_FLAGS: { kind: string; pattern: RegExp }[] = [
  {
    kind: 'chest pain',
    pattern:
      /\bchest\s+(pain|pressure|tightness|hurts?|is\s+tight)|\bcrushing\b.{0,30}\bchest\b|\bheart\s+attack\b/i,
  },
  {
    kind: 'stroke signs',
    pattern:
      /\b(face|mouth|smile)\s+(is\s+)?(droop|drooping|dropped)|\bslurred\s+speech\b|\b(can'?t|cannot)\s+(speak|talk|lift\s+(my|his|her)\s+arm)|\bsudden(ly)?\s+(numb|weak|paraly[sz]ed|confus|blind|los[te]\s+(my\s+)?(sight|vision))|\b(having|had|signs\s+of)\s+a\s+stroke\b/i,
  },
  {
    kind: 'suicidal thoughts',
    pattern:
      /\bsuicid|\bkill\s+(my|him|her)sel(f|ves)\b|\bend\s+(my|his|her)\s+life\b|\b(want|going)\s+to\s+die\b|\bself[-\s]?harm|\bhurt\s+myself\b|\boverdose\b/i,
  },
  {
    kind: 'severe bleeding',
    pattern:
      /\b(severe|heavy|massive|uncontrolled)\s+bleeding\b|\bbleeding\s+(heavily|badly|a\s+lot|(that\s+)?(won'?t|will\s+not|doesn'?t)\s+stop)|\b(coughing|vomiting|throwing)\s+up\s+blood\b|\bvomiting\s+blood\b/i,
  },
  {
    kind: 'trouble breathing',
    pattern:
      /\b(can'?t|cannot|trouble|difficulty|struggling\s+to|hard\s+to|unable\s+to)\s+breath|\bshort(ness)?\s+of\s+breath\b|\bnot\s+breathing\b|\bchoking\b|\bthroat\s+(is\s+)?(swelling|closing)/i,
  },
  {
    kind: 'loss of consciousness',
    pattern: /\b(unconscious|unresponsive|passed\s+out|fainted|seizure|fitting)\b/i,
  },
];

/** Typographic apostrophes as plain ones, so "can’t" reads as "can't". */
const plain = (text: string) => text.replace(/[\u2018\u2019\u02bc]/g, "'");

/** The red flags a message raises (empty when none). */
export function redFlagsIn(message: string): string[] {
  const text = plain(message);
  return RED_FLAGS.filter((f) => f.pattern.test(text)).map((f) => f.kind);
}

export const EMERGENCY_ANSWER =
  'This may be an emergency. Please see a clinician now: call your local emergency number (911 in the US, ' +
  '999 in the UK, 112 in the EU) or go to the nearest emergency department. If you are thinking about ' +
  'ending your life, call or text 988 (US) or your local crisis line now, or tell someone near you. ' +
  'I am an information helper and cannot help with an emergency.';

const ASKS_TO_DIAGNOSE_OR_PRESCRIBE =
  /\b(do\s+i\s+have|diagnos\w*|what'?s\s+wrong\s+with\s+me|what\s+is\s+wrong\s+with\s+me|is\s+it\s+(cancer|serious)|should\s+i\s+(take|stop|start|increase|decrease|double|skip)|prescri\w*|what\s+(dose|dosage)|how\s+(much|many)\b.{0,40}\bshould\s+i\s+take|which\s+(medicine|medication|drug|pill)s?\s+should)\b/i;

export const NOT_A_DIAGNOSIS =
  'I can share general information, but I cannot diagnose a condition or recommend a treatment or dose; ' +
  'please ask your clinician about that.';

export const asksToDiagnoseOrPrescribe = (message: string) =>
  ASKS_TO_DIAGNOSE_OR_PRESCRIBE.test(plain(message));

export const SYSTEM_PROMPT = [
  'You are the MediCare Hub health information helper for a clinic.',
  'You inform; you never diagnose, never prescribe, never recommend doses. If asked to, say plainly that',
  'you cannot and that the clinician should be asked.',
  'If the question mentions symptoms that could be an emergency, tell the person to see a clinician now',
  'or call emergency services, before anything else.',
  'Answer only from the numbered sources and patient values given; cite sources as [1], [2].',
  'If the sources do not answer the question, say so. Be brief and plain.',
  'Identifiers have been replaced with placeholders such as [NAME] or [DATE]; keep them as they are.',
].join(' ');

/** Who the text may name: the patient of the conversation. */
export type KnownIdentifiers = {
  names: string[];
  birthDate?: string | undefined;
  mrn?: string | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Ways a birth date 1985-12-10 may be written: 10/12/1985, 12/10/1985, 10 December 1985, December 10, 1985. */
function dateForms(iso: string): RegExp[] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  const dd = `0?${d}`;
  const mm = `0?${m}`;
  return [
    new RegExp(`\\b${dd}[/.-]${mm}[/.-]${y}\\b`, 'g'),
    new RegExp(`\\b${mm}[/.-]${dd}[/.-]${y}\\b`, 'g'),
    new RegExp(`\\b${d}(st|nd|rd|th)?\\s+(${month}|${month.slice(0, 3)})\\.?,?\\s+${y}\\b`, 'gi'),
    new RegExp(`\\b(${month}|${month.slice(0, 3)})\\.?\\s+${d}(st|nd|rd|th)?,?\\s+${y}\\b`, 'gi'),
  ];
}

/**
 * Replaces identifiers with placeholders: the patient's own (names, birth date in its usual
 * spellings, MRN, phone, email) and anything shaped like one (emails, MRNs, phone numbers, dates,
 * US social security numbers, "my name is …").
 */
export function scrubberFor(known: KnownIdentifiers): (text: string) => string {
  const names = known.names
    .flatMap((n) => [n, ...n.split(/\s+/)])
    .map((n) => n.trim())
    .filter((n) => n.length >= 2)
    .sort((a, b) => b.length - a.length);
  const nameRe = names.length > 0 ? new RegExp(`\\b(${names.map(escape).join('|')})\\b`, 'gi') : undefined;
  const phoneDigits = known.phone?.replace(/\D/g, '');
  return (text) => {
    let out = text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[EMAIL]');
    if (known.email) out = out.replace(new RegExp(escape(known.email), 'gi'), '[EMAIL]');
    if (known.mrn) out = out.replace(new RegExp(`\\b${escape(known.mrn)}\\b`, 'gi'), '[MRN]');
    out = out
      .replace(/\bMC\d{7}\b/gi, '[MRN]')
      .replace(/\b(MRN|medical record (number|no\.?))[:#\s]*[A-Z0-9-]{4,}\b/gi, '[MRN]');
    out = out.replace(/\b\d{3}-\d{2}-\d{4}\b/g, '[SSN]');
    if (known.birthDate) {
      out = out.replace(new RegExp(`\\b${known.birthDate}\\b`, 'g'), '[DATE]');
      for (const re of dateForms(known.birthDate)) out = out.replace(re, '[DATE]');
    }
    out = out
      .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b/g, '[DATE]')
      .replace(/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g, '[DATE]');
    // Phone numbers: 9 or more digits with the usual punctuation, or the patient's own in any spelling.
    out = out.replace(/(\+?\d[\d\s().-]{7,}\d)/g, (m) => (m.replace(/\D/g, '').length >= 9 ? '[PHONE]' : m));
    if (phoneDigits && phoneDigits.length >= 6) {
      const spaced = phoneDigits.split('').map(escape).join('[\\s().-]*');
      out = out.replace(new RegExp(spaced, 'g'), '[PHONE]');
    }
    out = out.replace(
      /\b([Mm]y [Nn]ame [Ii]s|[Nn]ame:)\s+[A-Z][\p{L}'-]+(\s+[A-Z][\p{L}'-]+)?/gu,
      '$1 [NAME]',
    );
    if (nameRe) out = out.replace(nameRe, '[NAME]');
    return out;
  };
}
