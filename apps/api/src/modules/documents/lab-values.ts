import { OBSERVATION_TYPES, type LabValueProposal } from '@medicare/contracts';

/**
 * Lab values in a report's text, as observations to propose: the analyte's name, then the first
 * number with a unit on the same line ("LDL cholesterol 162 mg/dL H (< 130 mg/dL)" → 162 mg/dL, not
 * the reference 130). Only codes of the observation catalogue, only plausible values; nothing is
 * recorded here — a clinician confirms each one (web: documents tab, "Lab values").
 */

const NUMBER = '(\\d{1,4}(?:[.,]\\d{1,2})?)';
const GAP = '[^\\d\\n]{0,24}?';

type Analyte = { code: string; name: RegExp; units: Record<string, string> };

/** Units as written → the catalogue's UCUM unit. */
const LIPID_UNITS = { 'mg/dl': 'mg/dL', 'mmol/l': 'mmol/L' };
const ANALYTES: Analyte[] = [
  {
    code: '2089-1',
    name: /(?<![\p{L}-])(?<!non[- ])(?:LDL(?:[- ]?C)?(?:[- ]cholesterol)?|low[- ]density lipoprotein(?: cholesterol)?)(?![\p{L}])/giu,
    units: LIPID_UNITS,
  },
  {
    code: '2085-9',
    name: /(?<![\p{L}-])(?<!non[- ])(?:HDL(?:[- ]?C)?(?:[- ]cholesterol)?|high[- ]density lipoprotein(?: cholesterol)?)(?![\p{L}])/giu,
    units: LIPID_UNITS,
  },
  {
    code: '2093-3',
    name: /(?<![\p{L}])(?:total cholesterol|cholesterol,? total|serum cholesterol)(?![\p{L}])/giu,
    units: LIPID_UNITS,
  },
  { code: '2571-8', name: /(?<![\p{L}])triglycerides?(?![\p{L}])/giu, units: LIPID_UNITS },
  {
    code: '4548-4',
    name: /(?<![\p{L}])(?:Hb ?A1c|A1C|ha?emoglobin A1c|glycated ha?emoglobin|glycosylated ha?emoglobin)(?![\p{L}])/giu,
    units: { '%': '%', 'mmol/mol': 'mmol/mol' },
  },
  {
    code: '29463-7',
    name: /(?<![\p{L}])(?:body )?weight(?![\p{L}])/giu,
    units: { kg: 'kg', lb: '[lb_av]', lbs: '[lb_av]' },
  },
  { code: '8302-2', name: /(?<![\p{L}])height(?![\p{L}])/giu, units: { cm: 'cm', m: 'm', in: '[in_i]' } },
];

const BLOOD_PRESSURE =
  /(?<![\p{L}])(?:blood pressure|BP)(?![\p{L}])[^\d\n]{0,24}?(\d{2,3})\s*\/\s*(\d{2,3})(?:\s*mm ?Hg)?/giu;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** IFCC mmol/mol → NGSP % (the catalogue's unit): % = 0.09148 × mmol/mol + 2.152. */
const ifccToNgsp = (mmolPerMol: number) => Math.round((0.09148 * mmolPerMol + 2.152) * 10) / 10;

function plausible(code: string, value: number, unit: string): boolean {
  const def = OBSERVATION_TYPES[code];
  if (def?.kind !== 'quantity') return false;
  const factor = def.units[unit];
  if (factor === undefined) return false;
  const canonical = value * factor;
  return canonical >= def.plausible[0] && canonical <= def.plausible[1];
}

const display = (code: string) => OBSERVATION_TYPES[code]?.display ?? code;

/** Proposals from a document's passages (one sentence or row per line), first mention of each code wins. */
export function labValuesIn(passages: { page: number; text: string }[]): LabValueProposal[] {
  const found = new Map<string, LabValueProposal>();
  const add = (p: LabValueProposal) => {
    if (!found.has(p.code) && plausible(p.code, p.value, p.unit)) found.set(p.code, p);
  };
  for (const { page, text } of passages) {
    for (const line of text.split('\n')) {
      for (const m of line.matchAll(BLOOD_PRESSURE)) {
        add({
          code: '8480-6',
          display: display('8480-6'),
          value: Number(m[1]),
          unit: 'mm[Hg]',
          page,
          text: line,
        });
        add({
          code: '8462-4',
          display: display('8462-4'),
          value: Number(m[2]),
          unit: 'mm[Hg]',
          page,
          text: line,
        });
      }
      for (const analyte of ANALYTES) {
        const units = Object.keys(analyte.units)
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|');
        const value = new RegExp(`^${GAP}${NUMBER}\\s*(${units})(?![\\p{L}])`, 'iu');
        for (const name of line.matchAll(analyte.name)) {
          const m = value.exec(line.slice(name.index + name[0].length));
          if (!m) continue;
          let number = Number(m[1]!.replace(',', '.'));
          let unit = analyte.units[m[2]!.toLowerCase()] ?? analyte.units[m[2]!]!;
          if (unit === 'mmol/mol') {
            number = ifccToNgsp(number);
            unit = '%';
          }
          add({ code: analyte.code, display: display(analyte.code), value: number, unit, page, text: line });
          break;
        }
      }
    }
  }
  return [...found.values()];
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/** The collection or report date ("Collected: 2026-03-03", "Date: 3 March 2026"), at noon UTC. */
export function collectedAt(passages: { text: string }[]): string | null {
  const text = passages.map((p) => p.text).join('\n');
  const label =
    '(?:collected|collection date|sample date|specimen date|reported|report date|date)[^\\n\\d]{0,12}';
  const iso = new RegExp(`${label}(\\d{4})-(\\d{2})-(\\d{2})`, 'i').exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}T12:00:00.000Z`;
  const words = new RegExp(`${label}(\\d{1,2})\\s+([A-Za-z]{3})[a-z]*\\.?,?\\s+(\\d{4})`, 'i').exec(text);
  const month = words ? MONTHS.indexOf(words[2]!.toLowerCase()) : -1;
  if (words && month >= 0) {
    return `${words[3]}-${String(month + 1).padStart(2, '0')}-${words[1]!.padStart(2, '0')}T12:00:00.000Z`;
  }
  return null;
}
