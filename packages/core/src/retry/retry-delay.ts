import type { RetryPolicy } from './retry-policy.js';

/** Share of a delay that jitter may add or remove. */
export const JITTER_RATIO = 0.2;

/** Executions a policy allows in total, the first included. */
export function policyMaxAttempts(policy: RetryPolicy): number {
  return policy.kind === 'intervals' ? policy.intervalsMs.length + 1 : policy.maxAttempts;
}

/**
 * Delay before running a job again after attempt `failedAttempt` (1 for the first execution)
 * failed, jitter included. An intervals policy whose list is shorter than the job's
 * attempts (a job can ask for more attempts than its queue's policy) repeats its last interval.
 * @param random source of uniform numbers in [0, 1); injectable for tests.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  random: () => number = Math.random,
): number {
  const retryIndex = Math.max(0, failedAttempt - 1);
  let base: number;
  switch (policy.kind) {
    case 'fixed':
      base = policy.delayMs;
      break;
    case 'intervals':
      base = policy.intervalsMs[Math.min(retryIndex, policy.intervalsMs.length - 1)] ?? 0;
      break;
    case 'exponential':
      base = Math.min(
        policy.initialDelayMs * (policy.factor ?? 2) ** retryIndex,
        policy.maxDelayMs,
      );
      break;
  }

  if (policy.jitter !== true) return base;
  const factor = 1 - JITTER_RATIO + random() * 2 * JITTER_RATIO;
  return Math.round(base * factor);
}
