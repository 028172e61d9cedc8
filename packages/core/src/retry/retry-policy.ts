/**
 * Retry after the same delay each time.
 * Example: `{ kind: 'fixed', delayMs: 15_000, maxAttempts: 3 }` runs a job at most three times,
 * 15 s apart.
 */
export interface FixedRetryPolicy {
  kind: 'fixed';
  /** Delay before each retry. Rule: an integer >= 0, at most 100 years (3 155 760 000 000). */
  delayMs: number;
  /** Executions allowed in total, the first included. Rule: an integer between 1 and 1000. */
  maxAttempts: number;
  /**
   * Spread each delay uniformly over ±20% so that jobs failing together do not retry together.
   * @defaultValue false
   */
  jitter?: boolean;
}

/**
 * Retry after the listed delays, in order; a job runs at most `intervalsMs.length + 1` times.
 * Example: `{ kind: 'intervals', intervalsMs: [1_000, 10_000, 60_000] }`.
 */
export interface IntervalsRetryPolicy {
  kind: 'intervals';
  /** Delay before the 1st retry, the 2nd, ... Rule: 1 to 999 integers, each >= 0 and at most 100 years. */
  intervalsMs: number[];
  /**
   * Spread each delay uniformly over ±20%.
   * @defaultValue false
   */
  jitter?: boolean;
}

/**
 * Retry after delays that grow by `factor`: `min(initialDelayMs × factor^(n-1), maxDelayMs)`
 * before the n-th retry.
 */
export interface ExponentialRetryPolicy {
  kind: 'exponential';
  /** Delay before the first retry. Rule: an integer >= 1, at most 100 years. */
  initialDelayMs: number;
  /** Cap on any delay. Rule: an integer >= initialDelayMs, at most 100 years. */
  maxDelayMs: number;
  /**
   * Growth per retry. Rule: a number > 1 and <= 100.
   * @defaultValue 2
   */
  factor?: number;
  /** Executions allowed in total, the first included. Rule: an integer between 1 and 1000. */
  maxAttempts: number;
  /**
   * Spread each delay uniformly over ±20%.
   * @defaultValue false
   */
  jitter?: boolean;
}

/** How a queue spaces the retries of a failing job and how often it runs it at most. */
export type RetryPolicy = FixedRetryPolicy | IntervalsRetryPolicy | ExponentialRetryPolicy;

/** The policy of a queue that names none: three executions, 15 s apart, no jitter. */
export const DEFAULT_RETRY_POLICY: FixedRetryPolicy = Object.freeze({
  kind: 'fixed',
  delayMs: 15_000,
  maxAttempts: 3,
  jitter: false,
}) as FixedRetryPolicy;

/** Largest `maxAttempts` any policy or job may ask for. */
export const MAX_ATTEMPTS_LIMIT = 1000;
