import { ErrorStatus, type ErrorBody, type ErrorCode, type ErrorIssue } from '@medicare/contracts';

type Details = NonNullable<ErrorBody['details']>;

/** The one error type services throw; the error plugin turns it into the body of docs/api.md, "Errors". */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: ErrorIssue[]; details?: Details; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = ErrorStatus[code];
  }
}

export const notFound = (code: ErrorCode, what: string) => new AppError(code, `${what} not found`);

export function invalid(issues: ErrorIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The request is not valid', { issues });
}
