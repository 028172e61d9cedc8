import { ScheduleKeyInvalidError } from '../errors/schedule-errors.js';

/**
 * Schedule keys: a letter or digit first, then letters, digits, `.`, `_`, `:` or `-`, 200
 * characters at most. The cap leaves room for the occurrence suffix of
 * {@link occurrenceIdempotencyKey} within the 255 characters storages reserve for a job's
 * idempotency key.
 */
export const SCHEDULE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

const SCHEDULE_KEY_RULE =
  'must be 1-200 characters of letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

/**
 * Checks a schedule key and returns it.
 * @throws ScheduleKeyInvalidError naming the key when it breaks {@link SCHEDULE_KEY_PATTERN}.
 */
export function validateScheduleKey(key: unknown, where: string): string {
  if (typeof key !== 'string' || !SCHEDULE_KEY_PATTERN.test(key)) {
    throw new ScheduleKeyInvalidError(where, SCHEDULE_KEY_RULE, key);
  }
  return key;
}

/**
 * The idempotency key of the job for one occurrence of a schedule:
 * `schedule:<key>:<occurrence as ISO-8601 UTC>`. The jobs table holds idempotency keys unique,
 * so however many scheduler ticks plan one occurrence (a repeated tick, a tick racing an upsert),
 * at most one job exists for it.
 */
export function occurrenceIdempotencyKey(key: string, occurrence: Date): string {
  return `${SCHEDULE_IDEMPOTENCY_KEY_PREFIX}${key}:${occurrence.toISOString()}`;
}

/**
 * The prefix of every idempotency key the scheduler gives its jobs. Enqueue refuses user keys
 * that start with it, so no user job can take an occurrence's key and pre-empt that occurrence.
 */
export const SCHEDULE_IDEMPOTENCY_KEY_PREFIX = 'schedule:';

/**
 * Whether `key` starts with {@link SCHEDULE_IDEMPOTENCY_KEY_PREFIX} as a storage may compare it:
 * MySQL's and SQL Server's default collations ignore case and accents, so `SCHEDULE:` or
 * `schédule:` would collide with the scheduler's keys there.
 */
export function isReservedIdempotencyKey(key: string): boolean {
  const folded = key
    .slice(0, SCHEDULE_IDEMPOTENCY_KEY_PREFIX.length * 2)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
  return folded.startsWith(SCHEDULE_IDEMPOTENCY_KEY_PREFIX);
}
