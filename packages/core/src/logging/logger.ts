/** Structured fields of one log line, e.g. `{ jobId, queue, attempt, err }`. */
export type LogFields = Record<string, unknown>;

/** One log method; the same call shapes as pino's (`fields, message` or `message`). */
export interface LogMethod {
  (fields: LogFields, message?: string): void;
  (message: string): void;
}

/**
 * What Atomizer needs from a logger. A pino logger fits as is; so does any logger with these
 * methods. Children carry fixed fields: the server's carry `serverId`, a queue's add `queue`,
 * a job's add `jobId`, `jobName` and `attempt`.
 */
export interface Logger {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  child(bindings: LogFields): Logger;
}

/** True when `value` has the methods of a {@link Logger}. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return ['debug', 'info', 'warn', 'error', 'child'].every(
    (method) => typeof candidate[method] === 'function',
  );
}
