import { OBSERVATION_TYPES, type ErrorIssue, type ObservationType } from '@medicare/contracts';

export type NormalizedValue = {
  valueNumber: number | null;
  valueText: string | null;
  valueBoolean: boolean | null;
  unit: string | null;
  canonicalValue: number | null;
  canonicalUnit: string | null;
};

/** Checks a value against its code's definition and converts quantities; issues name each field. */
export function normalize(
  code: string,
  value: unknown,
  unit: string | undefined,
): { value?: NormalizedValue; issues: ErrorIssue[] } {
  const def = OBSERVATION_TYPES[code];
  if (!def)
    return {
      issues: [
        { path: '/code', message: `is not a supported code (${Object.keys(OBSERVATION_TYPES).join(', ')})` },
      ],
    };
  if (def.kind === 'quantity') {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return { issues: [{ path: '/value', message: `must be a number for ${def.display}` }] };
    if (!unit || !(unit in def.units))
      return { issues: [{ path: '/unit', message: `must be one of: ${Object.keys(def.units).join(', ')}` }] };
    const canonical = value * def.units[unit]!;
    const [low, high] = def.plausible;
    if (canonical < low || canonical > high) {
      return {
        issues: [
          {
            path: '/value',
            message: `is not a plausible ${def.display.toLowerCase()} (${low}–${high} ${def.canonicalUnit})`,
          },
        ],
      };
    }
    return {
      value: {
        valueNumber: value,
        valueText: null,
        valueBoolean: null,
        unit,
        canonicalValue: canonical,
        canonicalUnit: def.canonicalUnit,
      },
      issues: [],
    };
  }
  if (unit !== undefined) return { issues: [{ path: '/unit', message: `${def.display} has no unit` }] };
  if (def.kind === 'coded') {
    if (typeof value !== 'string' || !(value in def.values)) {
      return {
        issues: [{ path: '/value', message: `must be one of: ${Object.keys(def.values).join(', ')}` }],
      };
    }
    return {
      value: {
        valueNumber: null,
        valueText: value,
        valueBoolean: null,
        unit: null,
        canonicalValue: null,
        canonicalUnit: null,
      },
      issues: [],
    };
  }
  if (typeof value !== 'boolean') return { issues: [{ path: '/value', message: 'must be true or false' }] };
  return {
    value: {
      valueNumber: null,
      valueText: null,
      valueBoolean: value,
      unit: null,
      canonicalValue: null,
      canonicalUnit: null,
    },
    issues: [],
  };
}

export function observationTypes(): ObservationType[] {
  return Object.entries(OBSERVATION_TYPES).map(([code, def]) => ({
    code,
    system: def.system,
    display: def.display,
    kind: def.kind,
    ...(def.kind === 'quantity' ? { units: Object.keys(def.units), canonicalUnit: def.canonicalUnit } : {}),
    ...(def.kind === 'coded' ? { values: Object.keys(def.values) } : {}),
  }));
}
