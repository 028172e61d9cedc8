/*
 * Why croner, not cron-parser (evaluated 2026-11 with croner 11.0.1 and cron-parser 5.10.7):
 * both libraries' next occurrences were compared minute by minute against a brute-force
 * reference (every UTC minute converted to wall time with Intl) around the DST changes of
 * Europe/Berlin, America/New_York and Australia/Lord_Howe (a 30-minute shift).
 * - croner matched the reference everywhere except where cron itself must choose: a fixed time
 *   in a spring-forward gap runs once at the end of the gap, a fixed time in a fall-back overlap
 *   runs once, and wildcard or step fields follow elapsed time (both passes of a repeated hour).
 *   Its `fixedTimeRule` option documents exactly this; we pick the Vixie-cron variant.
 * - cron-parser skipped hourly and every-5-minute occurrences after Lord_Howe's fall-back and ran
 *   the repeated hour of wildcard expressions only once.
 * croner also has no dependencies (cron-parser pulls in luxon), takes IANA zones through Intl,
 * enumerates backwards (`previousRuns`, used by catch-up) consistently with `nextRun`, and
 * rejects seven-field input when told to. Parsing and next-occurrence stay in the library; this
 * file only normalizes input, adds our error messages and picks the options.
 */
import { Cron } from 'croner';

import { LATEST_STORABLE_TIME } from '../clock/storable-time.js';
import { ScheduleCronInvalidError } from '../errors/schedule-errors.js';
import { resolveTimeZone } from './time-zone.js';

/**
 * Ready-made cron expressions for the common cadences. Each is a plain five-field expression,
 * so it is stored and shown like any other.
 */
export const CronPresets = {
  /** Every minute, at second 0. */
  everyMinute: '* * * * *',
  /** Every hour, on the hour. */
  hourly: '0 * * * *',
  /** Every day at midnight. */
  daily: '0 0 * * *',
  /** Every Sunday at midnight. */
  weekly: '0 0 * * 0',
  /** The 1st of every month at midnight. */
  monthly: '0 0 1 * *',
} as const;

/** Longest expression (after normalizing whitespace): what storages keep in their cron column. */
export const CRON_MAX_LENGTH = 255;

/** Options of {@link parseCron}. */
export interface ParseCronOptions {
  /**
   * IANA time zone the expression is read in.
   * @defaultValue `'UTC'`
   */
  timeZone?: string;
  /**
   * Names the call in error messages.
   * @defaultValue `'parseCron'`
   */
  where?: string;
  /**
   * An expression with no occurrence after this instant is rejected as never firing.
   * @defaultValue the wall clock
   */
  now?: Date;
  /**
   * Whether to reject an expression that never fires after `now`. The scheduler turns it off
   * for stored schedules, whose last occurrence may simply have passed.
   * @defaultValue true
   */
  requireNextOccurrence?: boolean;
}

/**
 * A parsed cron expression bound to a time zone: the one place that computes occurrences.
 * Occurrences are whole seconds; "after" and "before" are strict.
 */
export class CronSchedule {
  /** The expression with its fields separated by single spaces, as stored. */
  readonly expression: string;
  /** Canonical IANA name of the zone the expression is read in. */
  readonly timeZone: string;
  readonly #cron: Cron;

  /** @internal Use {@link parseCron}, which validates. */
  constructor(expression: string, timeZone: string, cron: Cron) {
    this.expression = expression;
    this.timeZone = timeZone;
    this.#cron = cron;
  }

  /** The first occurrence strictly after `instant`, or `null` when there is none. */
  nextAfter(instant: Date): Date | null {
    return storableOrNull(this.#cron.nextRun(instant));
  }

  /** The first occurrence at or after `instant`, or `null` when there is none. */
  nextAtOrAfter(instant: Date): Date | null {
    return storableOrNull(this.#cron.nextRun(new Date(instant.getTime() - 1)));
  }

  /** Up to `count` occurrences strictly before `instant`, newest first. */
  previousBefore(instant: Date, count: number): Date[] {
    return this.#cron.previousRuns(count, instant);
  }
}

/**
 * Parses and validates a cron expression in a time zone.
 *
 * Accepted: five fields (`minute hour day-of-month month day-of-week`), six fields with a leading
 * seconds field, and the nicknames `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`,
 * `@midnight`, `@hourly`. Fields take numbers, `*`, `?`, ranges, lists, steps, month and weekday
 * names, `L`, `W` and `#`. Day-of-week 0 and 7 are Sunday. When both day fields are restricted,
 * a day matching either runs (classic cron). DST: a fixed time that a spring-forward skips runs
 * once at the end of the gap; a fixed time that a fall-back repeats runs once; expressions with
 * `*` or a step in the seconds, minutes or hours field follow elapsed time.
 *
 * @throws ScheduleCronInvalidError naming the expression when it does not parse or never fires.
 * @throws ConfigInvalidError (option `timeZone`) when the time zone is not a known IANA zone.
 */
export function parseCron(expression: unknown, options: ParseCronOptions = {}): CronSchedule {
  const where = options.where ?? 'parseCron';
  const timeZone = resolveTimeZone(options.timeZone ?? 'UTC', where);

  if (typeof expression !== 'string') {
    throw new ScheduleCronInvalidError({ where, expression, reason: 'it must be a string' });
  }
  const normalized = expression.trim().split(/\s+/).join(' ');
  if (normalized.length > CRON_MAX_LENGTH) {
    const reason = `it is ${normalized.length} characters long, at most ${CRON_MAX_LENGTH} are stored`;
    throw new ScheduleCronInvalidError({ where, expression, reason });
  }
  const fieldCount = normalized === '' ? 0 : normalized.split(' ').length;
  if (!normalized.startsWith('@') && fieldCount !== 5 && fieldCount !== 6) {
    const reason = `it has ${fieldCount} fields, expected 5, or 6 with seconds first`;
    throw new ScheduleCronInvalidError({ where, expression, reason });
  }

  let cron: Cron;
  try {
    cron = new Cron(normalized, {
      timezone: timeZone,
      mode: '5-or-6-parts',
      fixedTimeRule: 'no-wildcard',
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new ScheduleCronInvalidError({ where, expression, reason }, { cause: error });
  }

  const schedule = new CronSchedule(normalized, timeZone, cron);
  const now = options.now ?? new Date();
  if (options.requireNextOccurrence !== false && schedule.nextAfter(now) === null) {
    const reason = `it never fires after ${now.toISOString()}`;
    throw new ScheduleCronInvalidError({ where, expression, reason });
  }
  return schedule;
}

/** An occurrence past the latest storable time counts as none: no storage could hold it. */
function storableOrNull(occurrence: Date | null): Date | null {
  return occurrence !== null && occurrence.getTime() <= LATEST_STORABLE_TIME.getTime() ? occurrence : null;
}
