import type { ErrorBody } from '@medicare/contracts';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError } from '../../lib/errors.js';

/** Where this server's own error codes live, so a client can still switch on PATIENT_NOT_FOUND. */
export const ERROR_SYSTEM = 'urn:medicare-hub:error';

type IssueType = OperationOutcomeIssue['code'];

/** The issue type FHIR names for each status this API answers with (R4 IssueType). */
function issueTypeOf(status: number, code: string): IssueType {
  if (code === 'PATIENT_POSSIBLE_DUPLICATE') return 'duplicate';
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 406:
    case 415:
      return 'not-supported';
    case 409:
    case 412:
      return 'conflict';
    case 413:
      return 'too-costly';
    case 422:
      return 'processing';
    case 429:
      return 'throttled';
    case 503:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'invalid';
  }
}

/**
 * The one error body of this API (plugins/errors.ts decides status, code and words) said as a FHIR
 * OperationOutcome: one issue per field issue, else one for the error; the code rides in details.
 */
export function outcomeOf(status: number, body: ErrorBody): OperationOutcome {
  const details = {
    coding: [{ system: ERROR_SYSTEM, code: body.code }],
    text: body.message,
  };
  const type = issueTypeOf(status, body.code);
  const diagnostics = `request id ${body.requestId}`;
  const issue: OperationOutcomeIssue[] =
    body.issues && body.issues.length > 0
      ? body.issues.map((i) => ({
          severity: 'error',
          code: type,
          details: { ...details, text: `${i.path} ${i.message}` },
          diagnostics,
          ...(i.path.includes('.') ? { expression: [i.path] } : {}),
        }))
      : [{ severity: 'error', code: type, details, diagnostics }];
  return { resourceType: 'OperationOutcome', issue };
}

/** A warning about the request that did not stop it (an unknown search parameter under handling=lenient). */
export function warningOf(text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'warning', code: 'not-supported', diagnostics: text }],
  };
}

/** 400 naming FHIR elements (`Patient.birthDate`) as the issues' paths. */
export function fhirInvalid(issues: { path: string; message: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The resource is not valid', { issues });
}

/** A FHIR interaction or parameter this server does not offer (405 for interactions). */
export function notSupported(message: string): AppError {
  return new AppError('METHOD_NOT_ALLOWED', message);
}
