import { describe, expect, it } from 'vitest';

import { ConfigInvalidError } from '../../src/errors/config-errors.js';
import { ScheduleCronInvalidError } from '../../src/errors/schedule-errors.js';
import { CronPresets, parseCron, type CronSchedule } from '../../src/schedules/cron-expression.js';

/** The next `count` occurrences strictly after `from`, as ISO strings. */
function nextOccurrences(cron: CronSchedule, from: string, count: number): string[] {
  const found: string[] = [];
  let cursor: Date | null = new Date(from);
  while (found.length < count && cursor !== null) {
    cursor = cron.nextAfter(cursor);
    if (cursor !== null) found.push(cursor.toISOString());
  }
  return found;
}

describe('parseCron: fields and presets', () => {
  it('reads a five-field expression with second 0', () => {
    const cron = parseCron('15 3 * * *');

    expect(nextOccurrences(cron, '2026-05-01T00:00:00Z', 2)).toEqual([
      '2026-05-01T03:15:00.000Z',
      '2026-05-02T03:15:00.000Z',
    ]);
  });

  it('reads a six-field expression whose first field is seconds', () => {
    const cron = parseCron('*/20 * * * * *');

    expect(nextOccurrences(cron, '2026-05-01T00:00:00Z', 3)).toEqual([
      '2026-05-01T00:00:20.000Z',
      '2026-05-01T00:00:40.000Z',
      '2026-05-01T00:01:00.000Z',
    ]);
  });

  it('every minute fires at second 0 of each minute, strictly after the given instant', () => {
    const cron = parseCron(CronPresets.everyMinute);

    expect(nextOccurrences(cron, '2026-05-01T10:00:00Z', 3)).toEqual([
      '2026-05-01T10:01:00.000Z',
      '2026-05-01T10:02:00.000Z',
      '2026-05-01T10:03:00.000Z',
    ]);
    expect(cron.nextAfter(new Date('2026-05-01T10:00:59.999Z'))?.toISOString()).toBe(
      '2026-05-01T10:01:00.000Z',
    );
  });

  it('presets mean hourly, midnight, Sunday midnight and the 1st of the month', () => {
    const from = '2026-05-06T10:30:00Z'; // a Wednesday

    expect(nextOccurrences(parseCron(CronPresets.hourly), from, 1)).toEqual(['2026-05-06T11:00:00.000Z']);
    expect(nextOccurrences(parseCron(CronPresets.daily), from, 1)).toEqual(['2026-05-07T00:00:00.000Z']);
    expect(nextOccurrences(parseCron(CronPresets.weekly), from, 2)).toEqual([
      '2026-05-10T00:00:00.000Z',
      '2026-05-17T00:00:00.000Z',
    ]);
    expect(nextOccurrences(parseCron(CronPresets.monthly), from, 2)).toEqual([
      '2026-06-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
    ]);
  });

  it('a leap-day expression fires only on 29 February of leap years', () => {
    const cron = parseCron('0 0 29 2 *');

    expect(nextOccurrences(cron, '2026-01-01T00:00:00Z', 3)).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
      '2036-02-29T00:00:00.000Z',
    ]);
  });

  it('stores the expression with single spaces and the canonical zone name', () => {
    const cron = parseCron('  0   12 * *  MON-FRI ', { timeZone: 'europe/berlin' });

    expect(cron.expression).toBe('0 12 * * MON-FRI');
    expect(cron.timeZone).toBe('Europe/Berlin');
  });

  it('previousBefore returns occurrences strictly before the instant, newest first', () => {
    const cron = parseCron(CronPresets.hourly);

    const previous = cron.previousBefore(new Date('2026-05-01T10:00:00Z'), 2);

    expect(previous.map((date) => date.toISOString())).toEqual([
      '2026-05-01T09:00:00.000Z',
      '2026-05-01T08:00:00.000Z',
    ]);
  });
});

describe('parseCron: daylight saving time', () => {
  it('Europe/Berlin spring forward: 02:30 does not exist and runs once at 03:00 CEST', () => {
    const cron = parseCron('30 2 * * *', { timeZone: 'Europe/Berlin' });

    expect(nextOccurrences(cron, '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the end of the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('Europe/Berlin fall back: 02:30 happens twice and runs once, at the first', () => {
    const cron = parseCron('30 2 * * *', { timeZone: 'Europe/Berlin' });

    expect(nextOccurrences(cron, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; the 02:30 CET an hour later does not run
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('America/New_York spring forward: 02:30 runs once at 03:00 EDT', () => {
    const cron = parseCron('30 2 * * *', { timeZone: 'America/New_York' });

    expect(nextOccurrences(cron, '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the end of the gap
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('America/New_York fall back: 01:30 happens twice and runs once; 02:30 runs once', () => {
    const oneThirty = parseCron('30 1 * * *', { timeZone: 'America/New_York' });
    const twoThirty = parseCron('30 2 * * *', { timeZone: 'America/New_York' });

    expect(nextOccurrences(oneThirty, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) does not run
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(nextOccurrences(twoThirty, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T07:30:00.000Z', // 02:30 EST
      '2026-11-02T07:30:00.000Z',
    ]);
  });

  it('a list of fixed hours is fixed time too: the repeated 01:00 runs once', () => {
    const cron = parseCron('0 1,2 * * *', { timeZone: 'America/New_York' });

    expect(nextOccurrences(cron, '2026-10-31T20:00:00Z', 3)).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT; 01:00 EST (06:00Z) does not run
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-02T06:00:00.000Z', // 01:00 EST
    ]);
  });

  it('an interval expression follows elapsed time through the repeated hour', () => {
    const cron = parseCron('*/30 * * * *', { timeZone: 'Europe/Berlin' });

    expect(nextOccurrences(cron, '2026-10-25T00:00:00Z', 4)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T01:00:00.000Z', // 02:00 CET
      '2026-10-25T01:30:00.000Z', // 02:30 CET
      '2026-10-25T02:00:00.000Z', // 03:00 CET
    ]);
  });

  it('hourly skips the missing hour and keeps a one-hour spacing in UTC', () => {
    const cron = parseCron(CronPresets.hourly, { timeZone: 'America/New_York' });

    expect(nextOccurrences(cron, '2026-03-08T05:30:00Z', 3)).toEqual([
      '2026-03-08T06:00:00.000Z', // 01:00 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT
      '2026-03-08T08:00:00.000Z', // 04:00 EDT
    ]);
  });
});

describe('parseCron: rejected input', () => {
  it.each([
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['* * *', 'it has 3 fields'],
    ['0 0 0 1 1 * 2030', 'it has 7 fields'],
    ['', 'it has 0 fields'],
    ['every day', 'it has 2 fields'],
    ['*/0 * * * *', 'illegal stepping'],
    ['0 0 * * 8', 'dayOfWeek'],
    ['0 0 31 2 *', 'it never fires'],
    ['@reboot', '@reboot'],
  ])('rejects %j with the expression and the reason in the message', (expression, reason) => {
    const parse = () => parseCron(expression, { where: 'scheduleRecurring "nightly"' });

    expect(parse).toThrow(ScheduleCronInvalidError);
    expect(parse).toThrow(`scheduleRecurring "nightly": cron expression ${JSON.stringify(expression)} is invalid`);
    expect(parse).toThrow(reason);
  });

  it('rejects an expression longer than storages keep', () => {
    const months = `${'1,2,3,4,5,6,7,8,9,10,11,12,'.repeat(20)}1`;

    const parse = () => parseCron(`0 0 1 ${months} *`);

    expect(parse).toThrow(ScheduleCronInvalidError);
    expect(parse).toThrow('characters long, at most 255 are stored');
  });

  it('rejects a non-string expression', () => {
    let caught: unknown;

    try {
      parseCron(42);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(ScheduleCronInvalidError);
    expect((caught as ScheduleCronInvalidError).code).toBe('SCHEDULE.CRON_INVALID');
    expect((caught as ScheduleCronInvalidError).expression).toBe(42);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Berln', '+02:00', 'GMT+2', '', 'Europe//Berlin'])(
    'rejects the time zone %j naming the option and the value',
    (timeZone) => {
      const parse = () => parseCron(CronPresets.daily, { timeZone, where: 'parseCron' });

      expect(parse).toThrow(ConfigInvalidError);
      expect(parse).toThrow(`parseCron: timeZone must be an IANA time zone name`);
      expect(parse).toThrow(`got ${JSON.stringify(timeZone)}`);
    },
  );
});
