import { z } from 'zod';

import { ConfigInvalidError } from '../errors/config-errors.js';
import { flag, integer } from './option-rules.js';

/** Options of the scheduler an `AtomizerServer` runs (`new AtomizerServer({ scheduler })`). */
export interface SchedulerOptions {
  /**
   * Whether this server turns due recurring schedules into jobs. Any number of servers may run
   * a scheduler on one database: leases keep them from enqueueing an occurrence twice.
   * Rule: a boolean.
   * @defaultValue true
   */
  enabled?: boolean;
  /**
   * How often the scheduler looks for due schedules (one short statement per look).
   * Rule: an integer between 10 and 3 600 000.
   * @defaultValue 5000
   */
  pollIntervalMs?: number;
  /**
   * How far ahead occurrences are enqueued. A job's `runAt` is always its occurrence, so an
   * occurrence enqueued early still runs on time; a lead time of at least `pollIntervalMs` means
   * the job is waiting in its queue before it is due. Rule: an integer between 0 and 3 600 000.
   * @defaultValue 15000
   */
  leadTimeMs?: number;
  /**
   * How long the schedules of one poll stay leased to this server; if it dies mid-poll, another
   * scheduler takes them over after this. Rule: an integer between 1000 and 3 600 000.
   * @defaultValue 60000
   */
  visibilityTimeoutMs?: number;
  /**
   * An occurrence older than this when the scheduler first sees it was missed (no scheduler ran
   * in time) and is handled by the schedule's misfire policy; a younger one is enqueued as usual.
   * Rule: an integer between 1000 and 86 400 000, and at least `pollIntervalMs`, so a schedule
   * seen one poll late is still on time.
   * @defaultValue 60000
   */
  misfireThresholdMs?: number;
}

/** {@link SchedulerOptions} with every default applied. */
export type ResolvedSchedulerOptions = Required<SchedulerOptions>;

/** Defaults of {@link SchedulerOptions}. */
export const SCHEDULER_DEFAULTS = {
  enabled: true,
  pollIntervalMs: 5_000,
  leadTimeMs: 15_000,
  visibilityTimeoutMs: 60_000,
  misfireThresholdMs: 60_000,
} as const satisfies ResolvedSchedulerOptions;

/** Zod schema of {@link SchedulerOptions}, for the server's options schema. */
export const schedulerOptionsSchema = z.strictObject(
  {
    enabled: flag().optional(),
    pollIntervalMs: integer(10, 3_600_000).optional(),
    leadTimeMs: integer(0, 3_600_000).optional(),
    visibilityTimeoutMs: integer(1_000, 3_600_000).optional(),
    misfireThresholdMs: integer(1_000, 86_400_000).optional(),
  },
  { error: 'must be an object of scheduler options' },
);

/**
 * Applies the scheduler defaults to options the server schema already parsed, and checks the
 * rule that relates two of them.
 * @throws ConfigInvalidError when `misfireThresholdMs` is below `pollIntervalMs`.
 */
export function withSchedulerDefaults(
  parsed: z.output<typeof schedulerOptionsSchema> | undefined,
  where: string,
): ResolvedSchedulerOptions {
  const resolved: ResolvedSchedulerOptions = {
    enabled: parsed?.enabled ?? SCHEDULER_DEFAULTS.enabled,
    pollIntervalMs: parsed?.pollIntervalMs ?? SCHEDULER_DEFAULTS.pollIntervalMs,
    leadTimeMs: parsed?.leadTimeMs ?? SCHEDULER_DEFAULTS.leadTimeMs,
    visibilityTimeoutMs: parsed?.visibilityTimeoutMs ?? SCHEDULER_DEFAULTS.visibilityTimeoutMs,
    misfireThresholdMs: parsed?.misfireThresholdMs ?? SCHEDULER_DEFAULTS.misfireThresholdMs,
  };

  if (resolved.misfireThresholdMs < resolved.pollIntervalMs) {
    throw new ConfigInvalidError({
      where,
      option: 'scheduler.misfireThresholdMs',
      rule: `must be at least scheduler.pollIntervalMs (${resolved.pollIntervalMs}), so a schedule seen one poll late is still on time`,
      received: resolved.misfireThresholdMs,
    });
  }
  return resolved;
}
