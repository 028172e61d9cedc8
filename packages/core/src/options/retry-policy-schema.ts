import { z } from 'zod';

import { MAX_ATTEMPTS_LIMIT } from '../retry/retry-policy.js';
import { duration, flag, integer } from './option-rules.js';

const maxAttempts = integer(1, MAX_ATTEMPTS_LIMIT);

const fixed = z.strictObject({
  kind: z.literal('fixed'),
  delayMs: duration(0),
  maxAttempts,
  jitter: flag().optional(),
});

const intervals = z.strictObject({
  kind: z.literal('intervals'),
  intervalsMs: z
    .array(duration(0), { error: 'must be an array of integers >= 0' })
    .min(1, { error: 'must list at least one interval' })
    .max(MAX_ATTEMPTS_LIMIT - 1, { error: `must list at most ${MAX_ATTEMPTS_LIMIT - 1} intervals` }),
  jitter: flag().optional(),
});

const exponential = z
  .strictObject({
    kind: z.literal('exponential'),
    initialDelayMs: duration(1),
    maxDelayMs: duration(1),
    factor: z
      .number({ error: 'must be a number > 1 and <= 100' })
      .gt(1, { error: 'must be a number > 1 and <= 100' })
      .max(100, { error: 'must be a number > 1 and <= 100' })
      .optional(),
    maxAttempts,
    jitter: flag().optional(),
  })
  .refine((policy) => policy.maxDelayMs >= policy.initialDelayMs, {
    error: 'must be an integer >= initialDelayMs',
    path: ['maxDelayMs'],
  });

/** Validates a {@link RetryPolicy}; the message of each check is its rule. */
export const retryPolicySchema = z.discriminatedUnion('kind', [fixed, intervals, exponential], {
  error: 'must be "fixed", "intervals" or "exponential"',
});
