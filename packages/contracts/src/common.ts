import Type, { type TSchema } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });

/** ISO 8601 instant with an explicit offset on input; the API always answers in UTC (`Z`). */
export const Instant = Type.String({
  format: 'date-time',
  pattern: '(Z|z|[+-]\\d{2}:\\d{2})$',
  description: 'ISO 8601 date-time with an offset, e.g. 2026-03-01T09:30:00+01:00',
});

/** A calendar date, `YYYY-MM-DD`. */
export const CalendarDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

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
