import diagnostics from 'node:diagnostics_channel';

/**
 * Named channels through which the database client and the audit trail report what happened,
 * without knowing who listens: the metrics and tracing plugins subscribe. Publishing to a channel
 * nobody subscribes to costs one property read.
 */

/** One database query, published when it starts; listeners push a callback to run when it ends. */
export type DbQueryEvent = {
  /** The SQL verb (select, insert, …): never the text's values. */
  operation: string;
  onEnd: ((error?: unknown) => void)[];
};
export const dbQueryChannel = diagnostics.channel('medicare.db.query');

/** An audit event that could not be written (the request failed, or lost its event). */
export type AuditWriteFailedEvent = { action: string; resourceType: string; error: unknown };
export const auditWriteFailedChannel = diagnostics.channel('medicare.audit.write-failed');

/** Reports one query; returns the function that ends it. */
export function startQuery(text: unknown): ((error?: unknown) => void) | undefined {
  if (!dbQueryChannel.hasSubscribers) return undefined;
  const sql = typeof text === 'string' ? text : ((text as { text?: unknown } | null)?.text ?? '');
  const operation = /^\s*(\w+)/.exec(String(sql))?.[1]?.toLowerCase() ?? 'query';
  const event: DbQueryEvent = { operation, onEnd: [] };
  dbQueryChannel.publish(event);
  return (error) => {
    for (const end of event.onEnd) end(error);
  };
}
