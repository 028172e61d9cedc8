import { InternalError } from '../errors/internal-error.js';
import type { MisfirePolicy } from '../storage/storage-contract.js';
import type { CronSchedule } from './cron-expression.js';

/**
 * Most occurrences one plan returns. A schedule with more due (an every-second cron with a long
 * lead time) keeps the rest for its next tick, so nothing is lost, only spread out.
 */
export const MAX_OCCURRENCES_PER_PLAN = 1000;

/** Input of {@link planOccurrences}. */
export interface OccurrencePlanInput {
  cron: CronSchedule;
  /** The schedule's first occurrence not yet enqueued. */
  nextRunAt: Date;
  now: Date;
  /** Plan occurrences up to and including this instant: `now` plus the scheduler's lead time. */
  horizon: Date;
  policy: MisfirePolicy;
  /** Most missed occurrences `catchUp` runs. */
  maxCatchUp: number;
  /** An occurrence older than `now` minus this is missed; a younger one is on time. */
  misfireThresholdMs: number;
  /**
   * Most occurrences to return.
   * @defaultValue {@link MAX_OCCURRENCES_PER_PLAN}
   */
  limit?: number;
}

/** What to enqueue for one schedule in one scheduler tick, and where the schedule goes next. */
export interface OccurrencePlan {
  /** Occurrences to enqueue, ascending; each job's `runAt` is its occurrence. */
  occurrences: Date[];
  /** The oldest and newest missed occurrence, when any were missed (enqueued or not). */
  missed: { first: Date; last: Date } | null;
  /** How many missed occurrences the plan enqueues (the rest of the missed range is skipped). */
  missedEnqueued: number;
  /** The first occurrence after the plan, or `null` when the expression has none. */
  nextRunAt: Date | null;
}

/**
 * Turns a due schedule into the occurrences to enqueue now.
 *
 * Occurrences from `nextRunAt` to `horizon` are split at `now - misfireThresholdMs`: older ones
 * are missed and the policy picks which of them run; the rest are on time and all run (the
 * original Atomizer treated every due occurrence as missed, so `Ignore` never fired). Missed
 * occurrences are found backwards from the threshold, so a long downtime of an every-second
 * schedule costs no more than a short one.
 */
export function planOccurrences(input: OccurrencePlanInput): OccurrencePlan {
  const { cron, nextRunAt, now, horizon } = input;
  const limit = input.limit ?? MAX_OCCURRENCES_PER_PLAN;
  if (!(limit >= 1)) {
    throw new InternalError(`planOccurrences: limit must be >= 1, got ${limit}`);
  }
  if (nextRunAt.getTime() > horizon.getTime()) {
    return { occurrences: [], missed: null, missedEnqueued: 0, nextRunAt };
  }

  // Missed part: [nextRunAt, cutoff). nextRunAt is always an occurrence itself.
  const cutoff = new Date(now.getTime() - input.misfireThresholdMs);
  let missed: OccurrencePlan['missed'] = null;
  let missedToRun: Date[] = [];
  if (nextRunAt.getTime() < cutoff.getTime()) {
    const newest = Math.min(policyCount(input.policy, input.maxCatchUp), limit);
    const recent = cron
      .previousBefore(cutoff, Math.max(newest, 1))
      .filter((occurrence) => occurrence.getTime() >= nextRunAt.getTime());
    missed = { first: nextRunAt, last: recent[0] ?? nextRunAt };
    missedToRun = recent.slice(0, newest).reverse();
  }

  // On-time part: [max(nextRunAt, cutoff), horizon].
  const occurrences = [...missedToRun];
  let next = missed === null ? nextRunAt : cron.nextAtOrAfter(cutoff);
  while (next !== null && next.getTime() <= horizon.getTime() && occurrences.length < limit) {
    occurrences.push(next);
    next = cron.nextAfter(next);
  }

  return { occurrences, missed, missedEnqueued: missedToRun.length, nextRunAt: next };
}

/** How many missed occurrences a policy runs. */
function policyCount(policy: MisfirePolicy, maxCatchUp: number): number {
  switch (policy) {
    case 'ignore':
      return 0;
    case 'runOnce':
      return 1;
    case 'catchUp':
      return maxCatchUp;
  }
}
