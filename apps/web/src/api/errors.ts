import type { ErrorBody, ErrorIssue } from '@medicare/contracts';

/** Every failed call: the API's one error body, plus the HTTP status and Retry-After when sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly issues: ErrorIssue[];
  readonly details: ErrorBody['details'];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    body: Partial<ErrorBody> & { code: string; message: string },
    retryAfter?: number,
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.requestId = body.requestId;
    this.issues = body.issues ?? [];
    this.details = body.details;
    this.retryAfterSeconds = retryAfter;
  }

  /** The issues keyed by JSON pointer (`/birthDate`, `/address/postalCode`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) out[issue.path] ??= issue.message;
    return out;
  }
}

export const networkError = () =>
  new ApiError(0, {
    code: 'NETWORK',
    message: 'The server could not be reached. Check the connection and try again.',
  });

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** What to tell a person about an error, in one sentence. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'RATE_LIMITED':
    case 'TOO_MANY_ATTEMPTS':
      return `Too many requests. Try again in ${error.retryAfterSeconds ?? 60} seconds.`;
    case 'PRECONDITION_FAILED':
      return 'Someone else changed this record while you were editing. The latest version has been loaded; check it and make your change again.';
    case 'FORBIDDEN':
      return 'Your role does not allow this.';
    case 'NETWORK':
      return error.message;
    default:
      if (error.status >= 500)
        return `The server had a problem (request ${error.requestId ?? 'unknown'}). Please try again.`;
      return error.message;
  }
}
