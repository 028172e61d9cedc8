import { z } from 'zod';

import { ConfigInvalidError } from '../errors/config-errors.js';
import { MISFIRE_POLICIES, type MisfirePolicy } from './occurrence-plan.js';
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
   * Executions allowed per occurrence, the first included (the retry policy of each job the
   * schedule enqueues; retry delays come from the queue's retry policy).
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

// TODO: take the queue-name rule from the queue module once it is exported, so the two can
// never disagree; this is the same pattern as docs/api (queue names).
const QUEUE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const optionsSchema = z.strictObject({
  timeZone: z.string({ error: 'must be a string' }).optional(),
  misfirePolicy: z
    .enum(MISFIRE_POLICIES as [MisfirePolicy, ...MisfirePolicy[]], {
      error: `must be one of ${MISFIRE_POLICIES.map((policy) => `"${policy}"`).join(', ')}`,
    })
    .optional(),
  maxCatchUp: z
    .number({ error: `must be an integer from 1 to ${MAX_CATCH_UP_LIMIT}` })
    .int({ error: `must be an integer from 1 to ${MAX_CATCH_UP_LIMIT}` })
    .min(1, { error: `must be an integer from 1 to ${MAX_CATCH_UP_LIMIT}` })
    .max(MAX_CATCH_UP_LIMIT, { error: `must be an integer from 1 to ${MAX_CATCH_UP_LIMIT}` })
    .optional(),
  queue: z
    .string({ error: 'must be a queue name' })
    .regex(QUEUE_NAME_PATTERN, {
      error: 'must be 1-100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
    })
    .optional(),
  maxAttempts: z
    .number({ error: 'must be an integer >= 1' })
    .int({ error: 'must be an integer >= 1' })
    .min(1, { error: 'must be an integer >= 1' })
    .optional(),
  enabled: z.boolean({ error: 'must be a boolean' }).optional(),
});

/**
 * Validates the options of one `scheduleRecurring` call and applies the fixed defaults.
 * @param where - names the call in error messages, e.g. `scheduleRecurring "nightly"`.
 * @throws ConfigInvalidError naming the option, its rule and the value received.
 */
export function resolveRecurringJobOptions(
  options: RecurringJobOptions | undefined,
  where: string,
): ResolvedRecurringJobOptions {
  const input: unknown = options ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ConfigInvalidError({ where, option: 'options', rule: 'must be an object', received: input });
  }

  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    throw toConfigError(parsed.error, input as Record<string, unknown>, where);
  }

  const value = parsed.data;
  return {
    timeZone: resolveTimeZone(value.timeZone ?? RECURRING_JOB_DEFAULTS.timeZone, where),
    misfirePolicy: value.misfirePolicy ?? RECURRING_JOB_DEFAULTS.misfirePolicy,
    maxCatchUp: value.maxCatchUp ?? RECURRING_JOB_DEFAULTS.maxCatchUp,
    queue: value.queue,
    maxAttempts: value.maxAttempts,
    enabled: value.enabled,
  };
}

/** The first schema issue, as the error our callers branch on. */
function toConfigError(error: z.ZodError, input: Record<string, unknown>, where: string): ConfigInvalidError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const option = issue.keys[0] ?? '';
    const known = Object.keys(optionsSchema.shape).join(', ');
    return new ConfigInvalidError({
      where,
      option,
      rule: `is not an option (known: ${known})`,
      received: input[option],
    });
  }

  const option = String(issue?.path[0] ?? 'options');
  return new ConfigInvalidError(
    { where, option, rule: issue?.message ?? 'is invalid', received: input[option] },
    { cause: error },
  );
}
