import { describe, expect, it } from 'vitest';

import { ConfigInvalidError } from '../../src/errors/config-errors.js';
import { QueueNameInvalidError } from '../../src/errors/queue-errors.js';
import { ScheduleKeyInvalidError } from '../../src/errors/schedule-errors.js';
import {
  resolveRecurringJobOptions,
  type RecurringJobOptions,
} from '../../src/schedules/recurring-job-options.js';
import { occurrenceIdempotencyKey, validateScheduleKey } from '../../src/schedules/schedule-key.js';

const where = 'scheduleRecurring "nightly"';

describe('resolveRecurringJobOptions', () => {
  it('applies the defaults and leaves job-dependent options open', () => {
    const resolved = resolveRecurringJobOptions(undefined, where);

    expect(resolved).toEqual({
      timeZone: 'UTC',
      misfirePolicy: 'runOnce',
      maxCatchUp: 5,
      queue: undefined,
      maxAttempts: undefined,
      enabled: undefined,
    });
  });

  it('keeps valid options and canonicalizes the time zone', () => {
    const resolved = resolveRecurringJobOptions(
      { timeZone: 'america/new_york', misfirePolicy: 'catchUp', maxCatchUp: 12, queue: 'reports', maxAttempts: 2, enabled: false },
      where,
    );

    expect(resolved).toEqual({
      timeZone: 'America/New_York',
      misfirePolicy: 'catchUp',
      maxCatchUp: 12,
      queue: 'reports',
      maxAttempts: 2,
      enabled: false,
    });
  });

  it.each<[string, unknown, string]>([
    ['misfirePolicy', 'skip', 'misfirePolicy must be one of "ignore", "runOnce", "catchUp", got "skip"'],
    ['maxCatchUp', 0, 'maxCatchUp must be an integer between 1 and 1000, got 0'],
    ['maxCatchUp', 1001, 'maxCatchUp must be an integer between 1 and 1000, got 1001'],
    ['maxCatchUp', 2.5, 'maxCatchUp must be an integer between 1 and 1000, got 2.5'],
    ['maxCatchUp', '5', 'maxCatchUp must be an integer between 1 and 1000, got "5"'],
    ['maxAttempts', 0, 'maxAttempts must be an integer between 1 and 1000, got 0'],
    ['enabled', 'yes', 'enabled must be a boolean, got "yes"'],
    ['timeZone', 'Mars/Olympus_Mons', 'timeZone must be an IANA time zone name such as "Europe/Berlin" or "UTC", got "Mars/Olympus_Mons"'],
    ['timeZone', 7, 'timeZone must be a string, got 7'],
  ])('rejects %s = %j naming the option, the rule and the value', (option, value, message) => {
    const options = { [option]: value } as RecurringJobOptions;

    const resolve = () => resolveRecurringJobOptions(options, where);

    expect(resolve).toThrow(ConfigInvalidError);
    expect(resolve).toThrow(`${where}: ${message}`);
  });

  it('rejects an unknown option by name', () => {
    const resolve = () => resolveRecurringJobOptions({ timezone: 'UTC' } as RecurringJobOptions, where);

    expect(resolve).toThrow(ConfigInvalidError);
    expect(resolve).toThrow(`${where}: timezone is not a known option, got "UTC"`);
  });

  it.each(['no spaces', '', 42])('rejects the queue %j with the queue-name error of enqueue', (queue) => {
    const resolve = () => resolveRecurringJobOptions({ queue } as RecurringJobOptions, where);

    expect(resolve).toThrow(QueueNameInvalidError);
    expect(resolve).toThrow(`${where}: queue name must match`);
  });
});

describe('schedule keys', () => {
  it.each(['nightly', 'reports.daily', 'tenant-42:cleanup', 'a', 'x'.repeat(200)])('accepts %j', (key) => {
    expect(validateScheduleKey(key, where)).toBe(key);
  });

  it.each(['', ' nightly', '-x', 'a b', 'x'.repeat(201), 'ä', 42])('rejects %j', (key) => {
    const validate = () => validateScheduleKey(key, 'scheduleRecurring');

    expect(validate).toThrow(ScheduleKeyInvalidError);
    expect(validate).toThrow('scheduleRecurring: schedule key must be 1-200 characters');
  });

  it('derives the occurrence idempotency key from the key and the instant', () => {
    const key = occurrenceIdempotencyKey('nightly', new Date(Date.UTC(2026, 4, 1, 2, 30)));

    expect(key).toBe('schedule:nightly:2026-05-01T02:30:00.000Z');
  });
});
