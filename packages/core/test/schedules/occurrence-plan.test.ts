import { describe, expect, it } from 'vitest';

import { CronPresets, parseCron } from '../../src/schedules/cron-expression.js';
import { planOccurrences, type OccurrencePlanInput } from '../../src/schedules/occurrence-plan.js';
import type { MisfirePolicy } from '../../src/storage/storage-contract.js';

const hourly = parseCron(CronPresets.hourly);
const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

/** A plan input for the hourly cron: lead time 15 s, threshold 60 s, cap 5. */
function input(overrides: Partial<OccurrencePlanInput> & { now: Date }): OccurrencePlanInput {
  return {
    cron: hourly,
    nextRunAt: new Date('2026-05-01T10:00:00Z'),
    horizon: new Date(overrides.now.getTime() + 15_000),
    policy: 'runOnce',
    maxCatchUp: 5,
    misfireThresholdMs: 60_000,
    ...overrides,
  };
}

describe('planOccurrences: a scheduler that keeps up', () => {
  it('plans nothing while the next occurrence lies beyond the horizon', () => {
    const plan = planOccurrences(input({ now: new Date('2026-05-01T09:59:00Z') }));

    expect(plan).toEqual({
      occurrences: [],
      missed: null,
      missedEnqueued: 0,
      nextRunAt: new Date('2026-05-01T10:00:00Z'),
    });
  });

  it.each<MisfirePolicy>(['ignore', 'runOnce', 'catchUp'])(
    'with %s, an occurrence within the lead time is planned ahead of time',
    (policy) => {
      const plan = planOccurrences(input({ policy, now: new Date('2026-05-01T09:59:50Z') }));

      expect(iso(plan.occurrences)).toEqual(['2026-05-01T10:00:00.000Z']);
      expect(plan.missed).toBeNull();
      expect(plan.nextRunAt).toEqual(new Date('2026-05-01T11:00:00Z'));
    },
  );

  it.each<MisfirePolicy>(['ignore', 'runOnce', 'catchUp'])(
    'with %s, an occurrence a little late (within the threshold) is on time and planned',
    (policy) => {
      const plan = planOccurrences(input({ policy, now: new Date('2026-05-01T10:00:59Z') }));

      expect(iso(plan.occurrences)).toEqual(['2026-05-01T10:00:00.000Z']);
      expect(plan.missed).toBeNull();
    },
  );

  it('plans every occurrence inside a long lead time, in order', () => {
    const everyMinute = parseCron(CronPresets.everyMinute);
    const now = new Date('2026-05-01T10:00:30Z');

    const plan = planOccurrences(
      input({
        cron: everyMinute,
        nextRunAt: new Date('2026-05-01T10:01:00Z'),
        now,
        horizon: new Date('2026-05-01T10:04:00Z'),
      }),
    );

    expect(iso(plan.occurrences)).toEqual([
      '2026-05-01T10:01:00.000Z',
      '2026-05-01T10:02:00.000Z',
      '2026-05-01T10:03:00.000Z',
      '2026-05-01T10:04:00.000Z',
    ]);
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T10:05:00Z'));
  });

  it('stops at the limit and keeps the rest for the next plan', () => {
    const everySecond = parseCron('* * * * * *');
    const now = new Date('2026-05-01T10:00:00Z');

    const plan = planOccurrences(
      input({ cron: everySecond, nextRunAt: now, now, horizon: new Date('2026-05-01T10:01:00Z'), limit: 10 }),
    );

    expect(plan.occurrences).toHaveLength(10);
    expect(plan.occurrences.at(-1)).toEqual(new Date('2026-05-01T10:00:09Z'));
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T10:00:10Z'));
  });
});

describe('planOccurrences: after a downtime of several periods', () => {
  // Down from before 10:00 until 17:20: 10:00 ... 17:00 (eight occurrences) were missed.
  const now = new Date('2026-05-01T17:20:00Z');

  it('ignore skips the missed occurrences and resumes with the next on-time one', () => {
    const plan = planOccurrences(input({ policy: 'ignore', now }));

    expect(plan.occurrences).toEqual([]);
    expect(plan.missedEnqueued).toBe(0);
    expect(plan.missed).toEqual({
      first: new Date('2026-05-01T10:00:00Z'),
      last: new Date('2026-05-01T17:00:00Z'),
    });
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T18:00:00Z'));
  });

  it('ignore still fires the on-time occurrence when the downtime ends just before it', () => {
    const plan = planOccurrences(input({ policy: 'ignore', now: new Date('2026-05-01T17:59:50Z') }));

    expect(iso(plan.occurrences)).toEqual(['2026-05-01T18:00:00.000Z']);
    expect(plan.missed?.last).toEqual(new Date('2026-05-01T17:00:00Z'));
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T19:00:00Z'));
  });

  it('runOnce enqueues one job for the most recent missed occurrence', () => {
    const plan = planOccurrences(input({ policy: 'runOnce', now }));

    expect(iso(plan.occurrences)).toEqual(['2026-05-01T17:00:00.000Z']);
    expect(plan.missedEnqueued).toBe(1);
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T18:00:00Z'));
  });

  it('catchUp enqueues the most recent maxCatchUp missed occurrences, oldest first', () => {
    const plan = planOccurrences(input({ policy: 'catchUp', maxCatchUp: 3, now }));

    expect(iso(plan.occurrences)).toEqual([
      '2026-05-01T15:00:00.000Z',
      '2026-05-01T16:00:00.000Z',
      '2026-05-01T17:00:00.000Z',
    ]);
    expect(plan.missedEnqueued).toBe(3);
    expect(plan.nextRunAt).toEqual(new Date('2026-05-01T18:00:00Z'));
  });

  it('catchUp enqueues all missed occurrences when there are fewer than maxCatchUp', () => {
    const plan = planOccurrences(input({ policy: 'catchUp', maxCatchUp: 5, now: new Date('2026-05-01T12:30:00Z') }));

    expect(iso(plan.occurrences)).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T11:00:00.000Z',
      '2026-05-01T12:00:00.000Z',
    ]);
  });

  it.each<MisfirePolicy>(['ignore', 'runOnce', 'catchUp'])(
    'with %s, missed occurrences come before the on-time ones in the same plan',
    (policy) => {
      const plan = planOccurrences(input({ policy, maxCatchUp: 2, now: new Date('2026-05-01T12:59:50Z') }));

      const expectedMissed = { ignore: [], runOnce: ['12:00'], catchUp: ['11:00', '12:00'] }[policy];
      expect(iso(plan.occurrences)).toEqual(
        [...expectedMissed, '13:00'].map((time) => `2026-05-01T${time}:00.000Z`),
      );
    },
  );

  it('a day of downtime of an every-second schedule plans only what the policy runs', () => {
    const everySecond = parseCron('* * * * * *');
    const later = new Date('2026-05-02T10:00:00Z');

    const plan = planOccurrences(
      input({ cron: everySecond, policy: 'catchUp', maxCatchUp: 2, now: later, misfireThresholdMs: 1_000, horizon: later }),
    );

    expect(iso(plan.occurrences)).toEqual([
      '2026-05-02T09:59:57.000Z',
      '2026-05-02T09:59:58.000Z',
      '2026-05-02T09:59:59.000Z',
      '2026-05-02T10:00:00.000Z',
    ]);
    expect(plan.missed).toEqual({ first: new Date('2026-05-01T10:00:00Z'), last: new Date('2026-05-02T09:59:58Z') });
  });

  it('an occurrence exactly at the threshold counts as on time', () => {
    const plan = planOccurrences(input({ policy: 'ignore', now: new Date('2026-05-01T10:01:00Z') }));

    expect(iso(plan.occurrences)).toEqual(['2026-05-01T10:00:00.000Z']);
    expect(plan.missed).toBeNull();
  });
});
