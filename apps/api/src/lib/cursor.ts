import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.js';
import { isSafeText } from './text.js';

/**
 * Opaque paging cursors. A keyset cursor `{k:[…]}` carries the last row's sort key; an offset
 * cursor `{o}` serves ranked searches, whose order has no stable key. Each list states the shape of
 * its own cursor, and a cursor of any other shape is 400 INVALID_CURSOR before it nears a query.
 * With a key configured the plugin in plugins/cursors.ts also seals them (HMAC), so only cursors
 * this API issued for that very list are accepted at all.
 */

export const invalidCursor = () =>
  new AppError('INVALID_CURSOR', 'The cursor is not one this list issued; start again without it', {
    issues: [{ path: '/cursor', message: 'is not a cursor this list issued' }],
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The kinds of value a sort key is made of, and what each must look like. */
const PART_CHECKS = {
  /** An instant as Date#toISOString writes it, and one that reads back the same. */
  instant: (v: unknown) => {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v)) return false;
    const at = new Date(v);
    return !Number.isNaN(at.getTime()) && at.toISOString() === v && !v.startsWith('0000');
  },
  uuid: (v: unknown) => typeof v === 'string' && UUID.test(v),
  /** A folded sort name: bounded, storable text. */
  text: (v: unknown) => typeof v === 'string' && v.length <= 512 && isSafeText(v),
} as const;
export type KeyPart = keyof typeof PART_CHECKS;
type Values<P extends readonly KeyPart[]> = { [I in keyof P]: string };

/** The largest offset a ranked search pages to (100 pages of the largest page). */
export const MAX_OFFSET = 10_000;

const encode = (cursor: object) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function parse(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not base64url JSON: refused below
  }
  throw invalidCursor();
}

/** Given limit+1 rows, returns the page and whether another follows. */
export function pageOf<T>(rows: T[], limit: number): { items: T[]; more: boolean } {
  return rows.length > limit ? { items: rows.slice(0, limit), more: true } : { items: rows, more: false };
}

/**
 * Keyset paging on a sort key of `parts` (e.g. `keyset('instant', 'uuid')` for newest-first lists
 * ordered by (created_at, id)): the one place cursors are read and written.
 */
export function keyset<const P extends readonly KeyPart[]>(...parts: P) {
  return {
    /** The sort key after which the next page starts, or undefined on the first page. */
    decode(raw: string | undefined): Values<P> | undefined {
      if (raw === undefined) return undefined;
      const cursor = parse(raw);
      const k = cursor.k;
      const valid =
        Object.keys(cursor).length === 1 &&
        Array.isArray(k) &&
        k.length === parts.length &&
        parts.every((part, i) => PART_CHECKS[part](k[i]));
      if (!valid) throw invalidCursor();
      return k as unknown as Values<P>;
    },
    /** The page of limit+1 `rows`, and the cursor of the next one (null on the last). */
    page<T>(
      rows: T[],
      limit: number,
      keyOf: (row: T) => Values<P>,
    ): { items: T[]; nextCursor: string | null } {
      const { items, more } = pageOf(rows, limit);
      const last = items.at(-1);
      return { items, nextCursor: more && last ? encode({ k: keyOf(last) }) : null };
    },
  };
}

/** Offset paging, for ranked searches. */
export const offsetPaging = {
  decode(raw: string | undefined): number {
    if (raw === undefined) return 0;
    const cursor = parse(raw);
    const o = cursor.o;
    if (
      Object.keys(cursor).length !== 1 ||
      !Number.isSafeInteger(o) ||
      (o as number) < 0 ||
      (o as number) > MAX_OFFSET
    )
      throw invalidCursor();
    return o as number;
  },
  page<T>(rows: T[], limit: number, offset: number): { items: T[]; nextCursor: string | null } {
    const { items, more } = pageOf(rows, limit);
    return { items, nextCursor: more && offset + limit <= MAX_OFFSET ? encode({ o: offset + limit }) : null };
  },
};

/**
 * Seals a cursor to one list with an HMAC: `<cursor>.<mac>`, the MAC over the list's route and the
 * cursor. Multi-replica deployments need the same key on every replica (CURSOR_SECRET).
 */
export function cursorSeal(secret: string) {
  const key = createHmac('sha256', 'medicare-hub cursor seal v1').update(secret).digest();
  const mac = (list: string, cursor: string) =>
    createHmac('sha256', key).update(`${list}\n${cursor}`).digest().subarray(0, 16);
  return {
    seal: (list: string, cursor: string) => `${cursor}.${mac(list, cursor).toString('base64url')}`,
    /** The cursor inside a sealed one, or INVALID_CURSOR when it was not sealed here for this list. */
    open(list: string, sealed: string): string {
      const dot = sealed.lastIndexOf('.');
      const cursor = sealed.slice(0, dot);
      const given = Buffer.from(sealed.slice(dot + 1));
      const expected = Buffer.from(mac(list, cursor).toString('base64url'));
      if (dot < 1 || given.length !== expected.length || !timingSafeEqual(given, expected))
        throw invalidCursor();
      return cursor;
    },
  };
}
