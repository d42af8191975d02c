import { AppError } from '../../lib/errors.js';
import { RESOURCES, RESULT_PARAMS, SORT_PARAM, type FhirResourceType } from './capability.js';
import { isUuid } from './mappers/common.js';

/** A search's parameters, each with every value it was given (repeats AND together). */
export type Params = {
  get(name: string): string[];
  first(name: string): string | undefined;
  count: number;
  cursor: string | undefined;
  /** Parameters left out under `Prefer: handling=lenient`. */
  ignored: string[];
};

const bad = (param: string, message: string) =>
  new AppError('VALIDATION_FAILED', 'The search is not valid', { issues: [{ path: param, message }] });

const FORMATS = ['json', 'application/json', 'application/fhir+json'];

/**
 * Reads a search's query string against what the resource offers (capability.ts). An unknown
 * parameter, or a modifier (`name:exact`), is 400 — unless the client sent `Prefer: handling=lenient`,
 * when it is left out and said so in the Bundle.
 */
export function readParams(
  type: FhirResourceType,
  query: unknown,
  prefer: string | string[] | undefined,
): Params {
  const lenient = /\bhandling\s*=\s*lenient\b/i.test([prefer ?? ''].flat().join(','));
  const known = new Set<string>([
    ...RESOURCES[type].params.map((p) => p.name),
    ...RESULT_PARAMS.map((p) => p.name),
    ...(type === 'Observation' ? [SORT_PARAM.name] : []),
  ]);
  const values = new Map<string, string[]>();
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const list = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (!known.has(name)) {
      if (lenient) {
        ignored.push(name);
        continue;
      }
      throw bad(
        name,
        `is not a search parameter of ${type} here (supported: ${[...known].join(', ')}); send Prefer: handling=lenient to have unknown ones ignored`,
      );
    }
    if (list.some((v) => v.trim() === '')) throw bad(name, 'must not be empty');
    values.set(name, list);
  }
  const one = (name: string) => {
    const list = values.get(name);
    if (list && list.length > 1) throw bad(name, 'may be given once');
    return list?.[0];
  };
  const countText = one('_count');
  const count = countText === undefined ? 20 : Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > 100)
    throw bad('_count', 'must be a whole number from 1 to 100');
  const format = one('_format');
  if (format !== undefined && !FORMATS.includes(format))
    throw bad('_format', 'only JSON is offered (json, application/fhir+json)');
  return {
    get: (name) => values.get(name) ?? [],
    first: one,
    count,
    cursor: one('_cursor'),
    ignored,
  };
}

/** `Patient/<id>` or `<id>` (or the absolute URL of one here) as the id, else 400 naming the parameter. */
export function referenceParam(param: string, value: string | undefined, type: string): string | undefined {
  if (value === undefined) return undefined;
  const id = value.replace(new RegExp(`^(?:.*/)?${type}/`), '');
  if (!isUuid(id)) throw bad(param, `must be ${type}/<id> or <id>, with an id of this server`);
  return id;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `date` values with prefixes (eq, ge, gt, le, lt; none is eq) as one half-open window
 * [from, to) on the instant. A bare date is that UTC day.
 */
export function dateWindow(param: string, values: string[]): { from?: Date; to?: Date } {
  let from: Date | undefined;
  let to: Date | undefined;
  const later = (a: Date | undefined, b: Date) => (a && a > b ? a : b);
  const earlier = (a: Date | undefined, b: Date) => (a && a < b ? a : b);
  for (const value of values) {
    const match = /^(eq|ge|gt|le|lt)?(.+)$/.exec(value);
    const prefix = match?.[1] ?? 'eq';
    const text = match?.[2] ?? '';
    let start: Date;
    let end: Date; // exclusive
    if (DAY.test(text)) {
      start = new Date(`${text}T00:00:00Z`);
      end = new Date(start.getTime() + 86_400_000);
    } else if (INSTANT.test(text)) {
      start = new Date(text);
      end = new Date(start.getTime() + 1);
    } else {
      throw bad(
        param,
        'must be a date (2026-03-01) or an instant with its offset, after an optional eq, ge, gt, le or lt',
      );
    }
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw bad(param, 'is not a real date');
    if (prefix === 'eq') {
      from = later(from, start);
      to = earlier(to, end);
    } else if (prefix === 'ge') from = later(from, start);
    else if (prefix === 'gt') from = later(from, end);
    else if (prefix === 'le') to = earlier(to, end);
    else to = earlier(to, start);
  }
  return { from, to };
}

/** A token `system|code`, `|code` or `code`. */
export function tokenParam(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  return { system: value.slice(0, bar) || undefined, code: value.slice(bar + 1) };
}
