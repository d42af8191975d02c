import Type from 'typebox';

export const Liveness = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });

export const Readiness = Type.Object(
  {
    status: Type.Enum(['ok', 'degraded', 'unavailable']),
    checks: Type.Record(
      Type.String(),
      Type.Object({
        status: Type.Enum(['ok', 'degraded', 'unavailable']),
        message: Type.Optional(Type.String()),
      }),
    ),
  },
  { additionalProperties: false },
);
export type Readiness = Type.Static<typeof Readiness>;

/** 503 from /health/ready: the error body of every 5xx, plus which dependency failed. */
export const NotReady = Type.Object(
  {
    code: Type.Literal('NOT_READY'),
    message: Type.String(),
    requestId: Type.String(),
    status: Type.Literal('unavailable'),
    checks: Readiness.properties.checks,
  },
  { additionalProperties: false },
);
