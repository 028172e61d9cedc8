import type { QueueOptions } from '@atomizer/core';

/** The queues the sample's jobs use; one name per kind of work, so each can be tuned alone. */
export const QUEUES = {
  default: 'default',
  /** Stock changes: one at a time is plenty, and it keeps the log readable. */
  stock: 'stock',
  /** Long-running work, kept off the default queue so it cannot starve the quick jobs. */
  slow: 'slow',
  /** The job that throws: short fixed retries, so the retries are visible within seconds. */
  flaky: 'flaky',
} as const;

/**
 * Each queue's processing options. `pollIntervalMs` trades latency for database load; the
 * sample's default suits a demo, a production app would poll less often.
 */
export function sampleQueues(pollIntervalMs: number): Record<string, QueueOptions> {
  return {
    [QUEUES.default]: { pollIntervalMs },
    [QUEUES.stock]: { pollIntervalMs, parallelism: 1 },
    [QUEUES.slow]: { pollIntervalMs, parallelism: 2 },
    [QUEUES.flaky]: {
      pollIntervalMs,
      retry: { kind: 'fixed', delayMs: 500, maxAttempts: 3 },
    },
  };
}
