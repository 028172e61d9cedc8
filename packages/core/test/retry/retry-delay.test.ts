import { describe, expect, it } from 'vitest';

import { DEFAULT_RETRY_POLICY, policyMaxAttempts, retryDelayMs, type RetryPolicy } from '../../src/index.js';

describe('retryDelayMs', () => {
  it('fixed: the same delay after every attempt', () => {
    const policy: RetryPolicy = { kind: 'fixed', delayMs: 500, maxAttempts: 4 };

    expect([1, 2, 3].map((attempt) => retryDelayMs(policy, attempt))).toEqual([500, 500, 500]);
  });

  it('intervals: the listed delays in order, the last one repeated beyond the list', () => {
    const policy: RetryPolicy = { kind: 'intervals', intervalsMs: [100, 1_000, 5_000] };

    expect([1, 2, 3, 4, 7].map((attempt) => retryDelayMs(policy, attempt))).toEqual([100, 1_000, 5_000, 5_000, 5_000]);
  });

  it('exponential: initial × factor^(n-1), capped at maxDelayMs, factor 2 by default', () => {
    const policy: RetryPolicy = { kind: 'exponential', initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 10 };
    const triple: RetryPolicy = { ...policy, factor: 3 };

    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(policy, attempt))).toEqual([100, 200, 400, 800, 1_000]);
    expect([1, 2, 3].map((attempt) => retryDelayMs(triple, attempt))).toEqual([100, 300, 900]);
  });

  it('jitter spreads a delay over ±20%', () => {
    const policy: RetryPolicy = { kind: 'fixed', delayMs: 1_000, maxAttempts: 3, jitter: true };

    const lowest = retryDelayMs(policy, 1, () => 0);
    const middle = retryDelayMs(policy, 1, () => 0.5);
    const highest = retryDelayMs(policy, 1, () => 0.999_999);

    expect([lowest, middle, highest]).toEqual([800, 1_000, 1_200]);
  });

  it('jitter applies after the exponential cap', () => {
    const policy: RetryPolicy = { kind: 'exponential', initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 10, jitter: true };

    expect(retryDelayMs(policy, 8, () => 0.999_999)).toBe(1_200);
  });

  it('without jitter, randomness is never consulted', () => {
    const policy: RetryPolicy = { kind: 'fixed', delayMs: 1_000, maxAttempts: 3 };

    expect(retryDelayMs(policy, 1, () => 0)).toBe(1_000);
  });
});

describe('policyMaxAttempts', () => {
  it('counts every execution, the first included', () => {
    expect(policyMaxAttempts(DEFAULT_RETRY_POLICY)).toBe(3);
    expect(policyMaxAttempts({ kind: 'intervals', intervalsMs: [1, 2] })).toBe(3);
    expect(policyMaxAttempts({ kind: 'exponential', initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 6 })).toBe(6);
  });

  it('defaults to fixed 15 s, 3 attempts, no jitter', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ kind: 'fixed', delayMs: 15_000, maxAttempts: 3, jitter: false });
  });
});
