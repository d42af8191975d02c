import { AppError } from './errors.js';

/**
 * Opaque paging cursors. A keyset cursor carries the last row's sort key; an offset cursor
 * serves ranked searches, whose order has no stable key.
 */
export type Cursor = { k: (string | number)[] } | { o: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object') {
      if ('o' in parsed && Number.isSafeInteger(parsed.o) && (parsed.o as number) >= 0)
        return { o: parsed.o as number };
      if ('k' in parsed && Array.isArray(parsed.k)) return { k: parsed.k as (string | number)[] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The request is not valid', {
    issues: [{ path: '/cursor', message: 'is not a cursor this API issued' }],
  });
}

/** Given limit+1 rows, returns the page and whether another follows. */
export function pageOf<T>(rows: T[], limit: number): { items: T[]; more: boolean } {
  return rows.length > limit ? { items: rows.slice(0, limit), more: true } : { items: rows, more: false };
}
