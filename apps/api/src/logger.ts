import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';

type QueryErrorLike = Error & { query?: unknown; params?: unknown; cause?: unknown; code?: unknown };

/**
 * Errors are logged by type, code, message and stack only. A failed query's parameters (which
 * hold patient data) and the server's `detail` (which quotes row values) never reach the log.
 */
export function serializeError(err: QueryErrorLike): {
  type: string;
  message: string;
  stack: string;
  [key: string]: unknown;
} {
  const cause = err.cause instanceof Error ? (err.cause as QueryErrorLike) : undefined;
  const isQueryError = typeof err.query === 'string';
  return {
    type: err.name,
    message: isQueryError ? (cause?.message ?? 'query failed') : err.message,
    code: cause?.code ?? err.code,
    ...(isQueryError ? { query: err.query } : {}),
    // Only the frames: a query error's first lines repeat its message, parameters included.
    stack: (err.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .join('\n'),
  };
}

/** pino options: JSON lines; credentials and anything that can carry PHI are redacted or never logged. */
export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
  };
}
