import type { z } from 'zod';

import type { Logger } from '../logging/logger.js';

/** What a handler learns about the execution it runs. */
export interface JobContext {
  jobId: string;
  /** The job definition's name. */
  name: string;
  queue: string;
  /** This execution's number, 1 for the first. */
  attempt: number;
  /** Executions allowed in total; when `attempt === maxAttempts` a failure is final. */
  maxAttempts: number;
  /**
   * Aborted when the server stops and this execution outlives `shutdownTimeoutMs`; the reason
   * is a `JobAbortedError`. How the handler then ends decides the outcome:
   * - throw (or reject with) `signal.reason`, or anything: the job is released, keeps the
   *   attempt, records no error, and another server runs it again;
   * - return normally: the job is completed, because returning says the work is done. Return
   *   only when it is; stopping early and returning loses the rest of the work.
   */
  signal: AbortSignal;
  /** Carries `serverId`, `queue`, `jobId`, `jobName` and `attempt`. */
  logger: Logger;
}

/** Marks objects made by `defineJob`, so a look-alike object is rejected early. */
export const JOB_DEFINITION_BRAND: unique symbol = Symbol.for('atomizer.job-definition');

/**
 * A named kind of job: its payload schema and its handler. Create it with `defineJob`; give it
 * to the client (to enqueue) and to the server (to run).
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  readonly [JOB_DEFINITION_BRAND]: true;
  /** Unique among the definitions given to one client or server. */
  readonly name: string;
  /** Validates the payload at enqueue and again before each execution. */
  readonly schema: S;
  /** Queue used when enqueue names none; `undefined` means the `default` queue. */
  readonly queue: string | undefined;
  /**
   * Executions allowed in total, the first included; `undefined` leaves it to the retry policy
   * of the queue that runs the job. An enqueue option overrides it.
   */
  readonly maxAttempts: number | undefined;
  /**
   * Runs one execution. Returning completes the job, throwing (or rejecting) fails the attempt.
   * After shutdown aborted `context.signal`, throwing releases the job for another server
   * instead, while returning still completes it (see {@link JobContext.signal}).
   */
  handler(payload: z.output<S>, context: JobContext): Promise<void> | void;
}

/** A job definition with any schema. */
export type AnyJobDefinition = JobDefinition<z.ZodType>;

/** True when `value` was made by `defineJob`. */
export function isJobDefinition(value: unknown): value is AnyJobDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<PropertyKey, unknown>)[JOB_DEFINITION_BRAND] === true
  );
}
