import { ClockInvalidError } from '../errors/config-errors.js';
import type { Clock } from './clock.js';

/**
 * The earliest time stored as is: 1970-01-01T00:00:00.000Z. An earlier `runAt` is stored as this
 * instant (it is due now either way), so every storage and driver sees a non-negative epoch.
 */
export const EARLIEST_STORABLE_TIME = new Date(0);

/**
 * The latest time any storage holds: 9999-12-31T23:59:59.999Z, the end of MySQL's DATETIME and
 * SQL Server's DATETIME2, and the last instant with a four-digit ISO year.
 */
export const LATEST_STORABLE_TIME = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/** Whether `value` is a valid Date between {@link EARLIEST_STORABLE_TIME} and {@link LATEST_STORABLE_TIME}. */
export function isStorableTime(value: unknown): value is Date {
  if (!(value instanceof Date)) return false;
  const time = value.getTime();
  return time >= EARLIEST_STORABLE_TIME.getTime() && time <= LATEST_STORABLE_TIME.getTime();
}

/** `from + ms`, capped at {@link LATEST_STORABLE_TIME}: a time so far out means "never" anyway. */
export function storableTimeAfter(from: Date, ms: number): Date {
  return new Date(Math.min(from.getTime() + ms, LATEST_STORABLE_TIME.getTime()));
}

const CLOCK_RULE = `must return a valid Date between ${EARLIEST_STORABLE_TIME.toISOString()} and ${LATEST_STORABLE_TIME.toISOString()}`;

/**
 * Wraps a clock so a reading no storage can hold (an Invalid Date, a non-Date, a time outside
 * the storable range) throws a clear error instead of reaching the storage.
 */
export function checkedClock(clock: Clock, where: string): Clock {
  return {
    now(): Date {
      const reading: unknown = clock.now();
      if (!isStorableTime(reading)) {
        throw new ClockInvalidError(where, CLOCK_RULE, reading);
      }
      return reading;
    },
  };
}
