/** PostgreSQL's SQLSTATE of a failed query, through drizzle's wrapper (same on PGlite and pg). */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Which constraint a violation names, when the driver says. */
export function violatedConstraint(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const name = (e as { constraint?: unknown }).constraint;
    if (typeof name === 'string') return name;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const EXCLUSION_VIOLATION = '23P01';

/**
 * SQLSTATEs that mean "this value cannot be stored or read as that type": a value the schemas
 * should have refused. Answered 400, never 500 (plugins/errors.ts), and logged so the schema gets fixed.
 * 22001 too long · 22003 number out of range · 22007 bad date/time · 22008 date/time out of range ·
 * 22021 NUL or a byte sequence not in the encoding · 22P02 bad text for the type · 22P05 untranslatable.
 */
const REFUSED_INPUT = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);
export const isRefusedInput = (error: unknown): boolean => REFUSED_INPUT.has(sqlState(error) ?? '');

/** Socket-level failures: the server is down, unreachable, or went away mid-query. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** node-postgres reports pool and connection trouble by message alone. */
const POOL_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|not queryable|Connection ended/i;

/**
 * True when a query failed because the database cannot be used right now, rather than because of
 * the query: refused or lost connections, pool connect timeouts, the server shutting down or
 * starting (57P01–57P03), connection exceptions (08xxx), a statement timeout (57014), too many
 * connections (53300), or a read-only node (25006: a demoted primary during a failover).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      if (/^(08...|57P0[123]|57014|53300|25006)$/.test(code)) return true;
    }
    if (typeof message === 'string' && POOL_MESSAGES.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
