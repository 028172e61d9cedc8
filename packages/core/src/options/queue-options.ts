import { z } from 'zod';

import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/retry-policy.js';
import { duration, integer } from './option-rules.js';
import { retryPolicySchema } from './retry-policy-schema.js';

/** How a server processes one queue. Every option has a default. */
export interface QueueOptions {
  /**
   * Jobs of this queue this server runs at the same time, at most.
   * Rule: an integer between 1 and 1000.
   * @defaultValue 4
   */
  parallelism?: number;
  /**
   * Most jobs one poll leases; a poll leases `min(batchSize, idle slots)`.
   * Rule: an integer between 1 and 1000.
   * @defaultValue 10
   */
  batchSize?: number;
  /**
   * Pause between two polls while the queue has no backlog. A poll that fills its batch is
   * followed by another as soon as a slot is idle. Rule: an integer between 10 and 3 600 000.
   * @defaultValue 1000
   */
  pollIntervalMs?: number;
  /**
   * How long a lease lasts. A job still running after this long can be leased by another
   * server, so set it above the longest handler run. Rule: an integer >= 1000, at most
   * 3 155 760 000 000 (100 years).
   * @defaultValue 600000 (10 minutes)
   */
  visibilityTimeoutMs?: number;
  /**
   * Delays between retries, and executions allowed for jobs that do not set `maxAttempts`.
   * Rule: a valid retry policy.
   * @defaultValue `{ kind: 'fixed', delayMs: 15000, maxAttempts: 3, jitter: false }`
   */
  retry?: RetryPolicy;
}

/** Queue options with every default applied. */
export interface ResolvedQueueOptions {
  name: string;
  parallelism: number;
  batchSize: number;
  pollIntervalMs: number;
  visibilityTimeoutMs: number;
  retry: RetryPolicy;
}

/** Defaults of {@link QueueOptions}. */
export const QUEUE_DEFAULTS = {
  parallelism: 4,
  batchSize: 10,
  pollIntervalMs: 1_000,
  visibilityTimeoutMs: 600_000,
  retry: DEFAULT_RETRY_POLICY,
} as const satisfies Required<QueueOptions>;

/** Validates {@link QueueOptions}; the message of each check is its rule. */
export const queueOptionsSchema = z.strictObject(
  {
    parallelism: integer(1, 1000).optional(),
    batchSize: integer(1, 1000).optional(),
    pollIntervalMs: integer(10, 3_600_000).optional(),
    visibilityTimeoutMs: duration(1_000).optional(),
    retry: retryPolicySchema.optional(),
  },
  { error: 'must be an object' },
);

/** Applies defaults to parsed queue options. */
export function withQueueDefaults(
  name: string,
  options: z.output<typeof queueOptionsSchema>,
): ResolvedQueueOptions {
  return {
    name,
    parallelism: options.parallelism ?? QUEUE_DEFAULTS.parallelism,
    batchSize: options.batchSize ?? QUEUE_DEFAULTS.batchSize,
    pollIntervalMs: options.pollIntervalMs ?? QUEUE_DEFAULTS.pollIntervalMs,
    visibilityTimeoutMs: options.visibilityTimeoutMs ?? QUEUE_DEFAULTS.visibilityTimeoutMs,
    retry: (options.retry as RetryPolicy | undefined) ?? QUEUE_DEFAULTS.retry,
  };
}
