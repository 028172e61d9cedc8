import { z } from 'zod';

import { assertQueueName } from '../options/names.js';
import { fixedLocation, flag, integer, parseOptions } from '../options/option-rules.js';
import { MAX_ATTEMPTS_LIMIT } from '../retry/retry-policy.js';
import { MISFIRE_POLICIES, type MisfirePolicy } from '../storage/storage-contract.js';
import { resolveTimeZone } from './time-zone.js';

/** Options of `AtomizerClient.scheduleRecurring`. */
export interface RecurringJobOptions {
  /**
   * IANA time zone the cron expression is read in, e.g. `'Europe/Berlin'`. Validated against the
   * runtime's time zone database; stored in its canonical spelling.
   * @defaultValue `'UTC'`
   */
  timeZone?: string;
  /**
   * What to do with occurrences missed while no scheduler ran (see {@link MisfirePolicy}).
   * On-time occurrences run under every policy.
   * @defaultValue `'runOnce'`
   */
  misfirePolicy?: MisfirePolicy;
  /**
   * Most missed occurrences the `catchUp` policy enqueues (the most recent ones); an integer
   * from 1 to 1000. Ignored by the other policies.
   * @defaultValue `5`
   */
  maxCatchUp?: number;
  /**
   * Queue of the jobs the schedule enqueues.
   * @defaultValue the job definition's queue, else `'default'`
   */
  queue?: string;
  /**
   * Executions allowed per occurrence, the first included: the retry policy of each job the
   * schedule enqueues (retry delays come from its queue's policy). An integer from 1 to 1000.
   * @defaultValue the job definition's `maxAttempts`, else the queue's retry policy
   */
  maxAttempts?: number;
  /**
   * Whether the scheduler enqueues occurrences. A disabled schedule keeps its definition and can
   * be resumed; occurrences that fall while it is disabled are not missed, they are skipped.
   * @defaultValue `true` for a new schedule; an existing schedule keeps its state unless given
   */
  enabled?: boolean;
}

/** {@link RecurringJobOptions} after validation, with defaults applied where they are fixed. */
export interface ResolvedRecurringJobOptions {
  timeZone: string;
  misfirePolicy: MisfirePolicy;
  maxCatchUp: number;
  /** `undefined`: the job definition decides. */
  queue: string | undefined;
  /** `undefined`: the job definition or the queue decides. */
  maxAttempts: number | undefined;
  /** `undefined`: true for a new schedule, unchanged for an existing one. */
  enabled: boolean | undefined;
}

/** The fixed defaults of {@link RecurringJobOptions}. */
export const RECURRING_JOB_DEFAULTS = {
  timeZone: 'UTC',
  misfirePolicy: 'runOnce',
  maxCatchUp: 5,
} as const satisfies Partial<ResolvedRecurringJobOptions>;

/** Highest `maxCatchUp`: one catch-up fits in one scheduler tick. */
export const MAX_CATCH_UP_LIMIT = 1000;

const optionsSchema = z.strictObject(
  {
    timeZone: z.string({ error: 'must be a string' }).optional(),
    misfirePolicy: z
      .enum(MISFIRE_POLICIES as [MisfirePolicy, ...MisfirePolicy[]], {
        error: `must be one of ${MISFIRE_POLICIES.map((policy) => `"${policy}"`).join(', ')}`,
      })
      .optional(),
    maxCatchUp: integer(1, MAX_CATCH_UP_LIMIT).optional(),
    // Checked after parsing, so a bad name raises the same QueueNameInvalidError as enqueue.
    queue: z.unknown().optional(),
    maxAttempts: integer(1, MAX_ATTEMPTS_LIMIT).optional(),
    enabled: flag().optional(),
  },
  { error: 'must be an object' },
);

/**
 * Validates the options of one `scheduleRecurring` call and applies the fixed defaults.
 * @param where - names the call in error messages, e.g. `scheduleRecurring "nightly"`.
 * @throws ConfigInvalidError naming the option, its rule and the value received, or
 * QueueNameInvalidError for a bad `queue`.
 */
export function resolveRecurringJobOptions(
  options: RecurringJobOptions | undefined,
  where: string,
): ResolvedRecurringJobOptions {
  const parsed = parseOptions(optionsSchema, options ?? {}, fixedLocation(where));
  if (parsed.queue !== undefined) assertQueueName(parsed.queue, where);

  return {
    timeZone: resolveTimeZone(parsed.timeZone ?? RECURRING_JOB_DEFAULTS.timeZone, where),
    misfirePolicy: parsed.misfirePolicy ?? RECURRING_JOB_DEFAULTS.misfirePolicy,
    maxCatchUp: parsed.maxCatchUp ?? RECURRING_JOB_DEFAULTS.maxCatchUp,
    queue: parsed.queue as string | undefined,
    maxAttempts: parsed.maxAttempts,
    enabled: parsed.enabled,
  };
}
