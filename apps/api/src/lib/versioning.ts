import { AppError } from './errors.js';

/** Versioned records travel with an ETag of their version; PUT honours If-Match. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * The version an If-Match header demands, or undefined when the client did not ask (or sent `*`).
 * A header that names no version of ours can never match: 412.
 */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match?.[1]) throw stale();
  return Number(match[1]);
}

export const stale = () =>
  new AppError('PRECONDITION_FAILED', 'The record changed since you read it; reload it and try again');
