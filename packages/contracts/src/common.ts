import Type, { type TSchema } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });

const YEAR_MONTH_DAY = '(?!0000)\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])';

/**
 * ISO 8601 instant with an explicit offset on input; the API always answers in UTC (`Z`). Years
 * 0001–9999, no leap second (PostgreSQL and JavaScript have none), offsets within ±14:00, at most
 * microseconds (what PostgreSQL keeps).
 */
export const Instant = Type.String({
  format: 'date-time',
  pattern: `^${YEAR_MONTH_DAY}[Tt]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,6})?([Zz]|[+-](0\\d|1[0-3]):[0-5]\\d|[+-]14:00)$`,
  description: 'ISO 8601 date-time with an offset, e.g. 2026-03-01T09:30:00+01:00 (years 0001–9999)',
});

/** A calendar date, `YYYY-MM-DD`, years 0001–9999. */
export const CalendarDate = Type.String({ format: 'date', pattern: `^${YEAR_MONTH_DAY}$` });

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export type IdParams = Type.Static<typeof IdParams>;

/** `limit` (default 20, max 100) and an opaque `cursor`. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1024,
      description: 'Opaque; pass back nextCursor (else 400 INVALID_CURSOR)',
    }),
  ),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    },
    { additionalProperties: false },
  );
}

/** A string that holds something besides white space. */
export function Text(maxLength: number, description?: string) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description ? { description } : {}) });
}
