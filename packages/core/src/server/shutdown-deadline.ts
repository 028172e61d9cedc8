/** Resolves true when `work` settles (either way) within `ms`, false otherwise. */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The time `stop()` has left. Every wait of a shutdown is bounded by it, so a storage call that
 * never answers (a lost connection, a lock held forever) cannot keep `stop()` from returning:
 * the work it was waiting for is abandoned and logged instead. Measured on the monotonic clock.
 */
export class ShutdownDeadline {
  private readonly endsAt: number;

  constructor(budgetMs: number) {
    this.endsAt = performance.now() + budgetMs;
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Whether `work` settles before the deadline, and within `capMs` when that is sooner. */
  settles(work: Promise<unknown>, capMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    return settlesWithin(work, Math.min(capMs, this.remainingMs()));
  }
}
