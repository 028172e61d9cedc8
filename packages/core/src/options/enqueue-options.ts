import { z } from 'zod';

import { EARLIEST_STORABLE_TIME, LATEST_STORABLE_TIME } from '../clock/storable-time.js';
import { ConfigInvalidError } from '../errors/config-errors.js';
import { JobKeyInvalidError } from '../errors/job-errors.js';
import { MAX_ATTEMPTS_LIMIT } from '../retry/retry-policy.js';
import { isReservedIdempotencyKey, SCHEDULE_IDEMPOTENCY_KEY_PREFIX } from '../schedules/schedule-key.js';
import { assertQueueName, DEFAULT_QUEUE } from './names.js';
import { duration, fixedLocation, integer, parseOptions } from './option-rules.js';

/** Longest idempotency key. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** Options of one enqueue. */
export interface EnqueueOptions {
  /**
   * Queue to put the job in. Rule: a valid queue name.
   * @defaultValue the job definition's queue, else `'default'`
   */
  queue?: string;
  /**
   * Earliest time to run the job; a past time means now (a time before 1970 is stored as
   * 1970-01-01T00:00:00.000Z). Rule: a valid Date at most 9999-12-31T23:59:59.999Z; not with
   * `delayMs`.
   * @defaultValue now
   */
  runAt?: Date;
  /**
   * Run the job this long from now. Rule: an integer between 0 and 3 155 760 000 000 (100
   * years) that keeps the run time at most 9999-12-31T23:59:59.999Z; not with `runAt`.
   * @defaultValue 0
   */
  delayMs?: number;
  /**
   * Makes the enqueue idempotent: while any job holds this key, enqueueing again returns that
   * job's id and inserts nothing. Rule: 1-255 characters without NUL, not starting with `schedule:` (in
   * any case or accent: reserved for the jobs of recurring schedules).
   * @defaultValue none
   */
  idempotencyKey?: string;
  /**
   * Executions allowed in total, the first included. Rule: an integer between 1 and 1000.
   * @defaultValue the job definition's maxAttempts, else the queue's retry policy
   */
  maxAttempts?: number;
  /**
   * An interactive-transaction handle passed through to the storage (for the Prisma storage:
   * the `tx` of `prisma.$transaction(async (tx) => ...)`), so the job commits with your writes.
   * `null` and `undefined` mean none.
   * @defaultValue none
   */
  transaction?: unknown;
}

/** Options of `enqueueAt` / `enqueueIn`: the time comes from the call itself. */
export type ScheduledEnqueueOptions = Omit<EnqueueOptions, 'runAt' | 'delayMs'>;

/** Enqueue options with defaults applied; `runAt` is computed. */
export interface ResolvedEnqueueOptions {
  queue: string;
  runAt: Date;
  idempotencyKey: string | null;
  maxAttempts: number | undefined;
  transaction: unknown;
}

const IDEMPOTENCY_KEY_RULE = `must be a string of 1-${IDEMPOTENCY_KEY_MAX_LENGTH} characters`;

const LATEST_RULE = `at most ${LATEST_STORABLE_TIME.toISOString()} (the latest time SQL storages hold)`;

/** The run time to store: refused past the latest storable time, raised to 1970 (due now) before it. */
function storableRunAt(where: string, runAt: Date | undefined, delayMs: number | undefined, now: Date): Date {
  if (runAt !== undefined && runAt.getTime() > LATEST_STORABLE_TIME.getTime()) {
    throw new ConfigInvalidError({ where, option: 'runAt', rule: `must be ${LATEST_RULE}`, received: runAt });
  }

  const time = runAt?.getTime() ?? now.getTime() + (delayMs ?? 0);
  if (time > LATEST_STORABLE_TIME.getTime()) {
    throw new ConfigInvalidError({ where, option: 'delayMs', rule: `must keep the run time ${LATEST_RULE}`, received: delayMs });
  }
  return new Date(Math.max(time, EARLIEST_STORABLE_TIME.getTime()));
}

const RESERVED_PREFIX_RULE = `must not start with "${SCHEDULE_IDEMPOTENCY_KEY_PREFIX}" (in any case; the prefix is reserved for the jobs of recurring schedules)`;

const enqueueOptionsSchema = z.strictObject(
  {
    queue: z.unknown().optional(),
    runAt: z
      .date({ error: 'must be a valid Date' })
      .refine((date) => !Number.isNaN(date.getTime()), { error: 'must be a valid Date' })
      .optional(),
    delayMs: duration(0).optional(),
    idempotencyKey: z.unknown().optional(),
    maxAttempts: integer(1, MAX_ATTEMPTS_LIMIT).optional(),
    transaction: z.unknown().optional(),
  },
  { error: 'must be an object' },
);

/**
 * Validates the options of one enqueue of job `jobName` and computes its run time.
 * @throws ConfigInvalidError, QueueNameInvalidError or JobKeyInvalidError
 */
export function resolveEnqueueOptions(
  jobName: string,
  defaultQueue: string | undefined,
  input: unknown,
  now: Date,
): ResolvedEnqueueOptions {
  const where = `enqueue "${jobName}"`;
  const parsed = parseOptions(enqueueOptionsSchema, input ?? {}, fixedLocation(where));

  if (parsed.runAt !== undefined && parsed.delayMs !== undefined) {
    throw new ConfigInvalidError({
      where,
      option: 'runAt',
      rule: 'must not be combined with delayMs (pick one)',
      received: { runAt: parsed.runAt, delayMs: parsed.delayMs },
    });
  }

  const queue = parsed.queue ?? defaultQueue ?? DEFAULT_QUEUE;
  assertQueueName(queue, where);

  const key = parsed.idempotencyKey;
  if (
    key !== undefined &&
    (typeof key !== 'string' || key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH)
  ) {
    throw new JobKeyInvalidError(where, IDEMPOTENCY_KEY_RULE, key);
  }
  if (key !== undefined && isReservedIdempotencyKey(key)) {
    throw new JobKeyInvalidError(where, RESERVED_PREFIX_RULE, key);
  }
  if (key?.includes('\u0000') === true) {
    throw new JobKeyInvalidError(where, 'must not contain NUL characters (\\u0000; SQL storages refuse them)', key);
  }

  return {
    queue,
    runAt: storableRunAt(where, parsed.runAt, parsed.delayMs, now),
    idempotencyKey: key ?? null,
    maxAttempts: parsed.maxAttempts,
    // null reads as "no transaction", like an omitted option, not as a handle to hand over.
    transaction: parsed.transaction ?? undefined,
  };
}
