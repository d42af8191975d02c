import Type from 'typebox';

/**
 * Every error code the API answers with, and the HTTP status it travels with.
 * The web app switches on `code`; the status is only transport.
 */
export const ErrorStatus = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  /** A list's `cursor` is not one that list issued (forged, from another list, or stale after a key change). */
  INVALID_CURSOR: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  /** The admin chose this user's password: only changing it (POST /api/auth/password) is allowed. */
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  PATIENT_NOT_FOUND: 404,
  PRACTITIONER_NOT_FOUND: 404,
  APPOINTMENT_NOT_FOUND: 404,
  APPOINTMENT_TYPE_NOT_FOUND: 404,
  OBSERVATION_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  IMPORT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PATIENT_POSSIBLE_DUPLICATE: 409,
  APPOINTMENT_CONFLICT: 409,
  EMAIL_TAKEN: 409,
  /** Another request with this Idempotency-Key is still being processed; retry after Retry-After. */
  IDEMPOTENCY_KEY_IN_USE: 409,
  /** The request with this Idempotency-Key was carried out, but its answer was lost (Location names the record). */
  IDEMPOTENCY_RESPONSE_LOST: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  DOCUMENT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DOCUMENT_TYPE_NOT_ALLOWED: 415,
  UNPROCESSABLE: 422,
  /** The CSV file cannot be read as CSV (no header, unbalanced quotes, not UTF-8). */
  IMPORT_FILE_UNREADABLE: 422,
  APPOINTMENT_REFERENCE_INVALID: 422,
  /** Outside the practitioner's working hours; staff may book anyway with `override: { reason }`. */
  OUTSIDE_AVAILABILITY: 422,
  /** A patient cancels or moves an appointment later than the cut-off (APPOINTMENT_CANCEL_CUTOFF_HOURS) before it. */
  CANCELLATION_WINDOW_PASSED: 422,
  /** The appointment type is not one this caller may book with this practitioner (not offered, not self-bookable, retired). */
  APPOINTMENT_TYPE_NOT_BOOKABLE: 422,
  /** An appointment is marked arrived only on its own day (in the practitioner's time zone). */
  NOT_APPOINTMENT_DAY: 422,
  /** A cancellation can be undone only shortly after it (CANCEL_UNDO_MINUTES). */
  UNDO_WINDOW_PASSED: 422,
  RISK_INPUT_OUT_OF_RANGE: 422,
  RISK_INPUTS_MISSING: 422,
  /** The Idempotency-Key was already used with a different method, path or body. */
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
  DOCUMENT_INTEGRITY_FAILED: 500,
  VOICE_NOT_CONFIGURED: 501,
  ASSISTANT_PROVIDER_FAILED: 502,
  NOT_READY: 503,
  /** The database cannot be reached (or is failing over); retry after Retry-After. */
  DATABASE_UNAVAILABLE: 503,
  /** The process is overloaded and sheds load; retry after Retry-After. */
  OVERLOADED: 503,
  /** The request took longer than REQUEST_TIMEOUT_MS; with an Idempotency-Key a retry is safe. */
  TIMED_OUT: 503,
  ASSISTANT_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ErrorStatus;

/**
 * Every code, listed. The API only ever answers with these (its AppError and error plugin take an
 * ErrorCode, so a typo is a type error); the wire type below stays a string so that a web app of
 * yesterday still shows today's new code as a message instead of failing to read it.
 */
export const ERROR_CODES = Object.keys(ErrorStatus) as [ErrorCode, ...ErrorCode[]];
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ErrorStatus, code);

export const ErrorIssue = Type.Object(
  {
    path: Type.String({ description: 'JSON pointer to the offending input, e.g. /birthDate' }),
    message: Type.String(),
  },
  { additionalProperties: false },
);

/** The one body of every 4xx and 5xx answer (docs/api.md, "Errors"). */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable machine-readable code, e.g. PATIENT_NOT_FOUND' }),
    message: Type.String(),
    requestId: Type.String(),
    issues: Type.Optional(Type.Array(ErrorIssue)),
    details: Type.Optional(
      Type.Object(
        {
          candidateIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }))),
          conflictingAppointmentId: Type.Optional(Type.String({ format: 'uuid' })),
          conflicts: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  start: Type.String(),
                  end: Type.String(),
                  conflictingAppointmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
                },
                { additionalProperties: false },
              ),
              { description: 'Every occurrence of a series that clashes (409 APPOINTMENT_CONFLICT)' },
            ),
          ),
          deadline: Type.Optional(
            Type.String({ description: 'The last moment the change was allowed (UTC)' }),
          ),
          missing: Type.Optional(Type.Array(Type.String())),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'ErrorBody', additionalProperties: false },
);

export type ErrorBody = Type.Static<typeof ErrorBody>;
export type ErrorIssue = Type.Static<typeof ErrorIssue>;
