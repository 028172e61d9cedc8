import { describe, expect, it } from 'vitest';

import { ConfigInvalidError } from '../../src/errors/config-errors.js';
import { CronPresets } from '../../src/schedules/cron-expression.js';
import { waitFor } from '../../src/testing/wait-for.js';
import type { MisfirePolicy } from '../../src/storage/storage-contract.js';
import { capturingLogger } from '../helpers.js';
import { reportJob, scheduleWorld } from './support.js';

describe('Scheduler: on-time occurrences', () => {
  it('enqueues an occurrence within the lead time, due at the occurrence, keyed by it', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly, {
      maxAttempts: 4,
    });
    world.setTime('2030-05-01T09:59:50Z');

    const result = await world.scheduler({ leadTimeMs: 15_000 }).poll();

    expect(result).toEqual({ leased: 1, advanced: 1, lost: 0, failed: 0, enqueued: 1 });
    const [job] = await world.jobsOf('hourly-report');
    expect(job).toMatchObject({
      name: 'send-report',
      queue: 'reports',
      payload: '{"report":"sales"}',
      status: 'pending',
      runAt: new Date('2030-05-01T10:00:00Z'),
      maxAttempts: 4,
      idempotencyKey: 'schedule:hourly-report:2030-05-01T10:00:00.000Z',
      scheduleKey: 'hourly-report',
      createdAt: new Date('2030-05-01T09:59:50Z'),
    });
    expect((await world.client.getSchedule('hourly-report'))?.nextRunAt).toEqual(new Date('2030-05-01T11:00:00Z'));
  });

  it('does nothing before the lead time reaches the next occurrence', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly);
    world.setTime('2030-05-01T09:59:44Z');

    const result = await world.scheduler({ leadTimeMs: 15_000 }).poll();

    expect(result.leased).toBe(0);
    expect(await world.enqueuedRunAts('hourly-report')).toEqual([]);
  });

  it('every-minute schedule polled once a minute enqueues each minute once', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('tick', reportJob, { report: 'tick' }, CronPresets.everyMinute);
    const scheduler = world.scheduler({ leadTimeMs: 5_000 });

    for (let minute = 1; minute <= 5; minute += 1) {
      world.clock.advance(60_000);
      await scheduler.poll();
      await scheduler.poll();
    }

    expect(await world.enqueuedRunAts('tick')).toEqual([
      '2030-05-01T09:31:00.000Z',
      '2030-05-01T09:32:00.000Z',
      '2030-05-01T09:33:00.000Z',
      '2030-05-01T09:34:00.000Z',
      '2030-05-01T09:35:00.000Z',
    ]);
  });
});

describe('Scheduler: misfire policies after a downtime of several periods', () => {
  // Registered at 09:30; no scheduler runs until 14:20, so 10:00 ... 14:00 (five) were missed.
  const cases: Array<[MisfirePolicy, string[]]> = [
    ['ignore', []],
    ['runOnce', ['2030-05-01T14:00:00.000Z']],
    ['catchUp', ['2030-05-01T12:00:00.000Z', '2030-05-01T13:00:00.000Z', '2030-05-01T14:00:00.000Z']],
  ];

  it.each(cases)('%s enqueues %j for the missed occurrences', async (misfirePolicy, expected) => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly, {
      misfirePolicy,
      maxCatchUp: 3,
    });
    world.setTime('2030-05-01T14:20:00Z');

    await world.scheduler().poll();

    expect(await world.enqueuedRunAts('hourly-report')).toEqual(expected);
    expect((await world.client.getSchedule('hourly-report'))?.nextRunAt).toEqual(new Date('2030-05-01T15:00:00Z'));
  });

  it.each<MisfirePolicy>(['ignore', 'runOnce', 'catchUp'])(
    'after the downtime, %s goes on firing on-time occurrences',
    async (misfirePolicy) => {
      const world = scheduleWorld();
      await world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly, {
        misfirePolicy,
        maxCatchUp: 1,
      });
      const scheduler = world.scheduler();
      world.setTime('2030-05-01T14:20:00Z');
      await scheduler.poll();

      world.setTime('2030-05-01T14:59:50Z');
      await scheduler.poll();
      world.setTime('2030-05-01T15:59:55Z');
      await scheduler.poll();

      const runAts = await world.enqueuedRunAts('hourly-report');
      expect(runAts.slice(-2)).toEqual(['2030-05-01T15:00:00.000Z', '2030-05-01T16:00:00.000Z']);
      expect(runAts.filter((runAt) => runAt < '2030-05-01T15:00:00.000Z')).toHaveLength(misfirePolicy === 'ignore' ? 0 : 1);
    },
  );

  it('re-registering an unchanged schedule at start keeps its misses for the misfire policy', async () => {
    const world = scheduleWorld();
    const register = () =>
      world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly, {
        misfirePolicy: 'catchUp',
      });
    await register();
    world.setTime('2030-05-01T12:30:00Z');

    await register();
    await world.scheduler().poll();

    expect(await world.enqueuedRunAts('hourly-report')).toEqual([
      '2030-05-01T10:00:00.000Z',
      '2030-05-01T11:00:00.000Z',
      '2030-05-01T12:00:00.000Z',
    ]);
  });

  it('logs the missed range once, with the policy', async () => {
    const { logger, lines } = capturingLogger();
    const world = scheduleWorld({ logger });
    await world.client.scheduleRecurring('hourly-report', reportJob, { report: 'sales' }, CronPresets.hourly, {
      misfirePolicy: 'ignore',
    });
    world.setTime('2030-05-01T14:20:00Z');

    await world.scheduler().poll();

    const warnings = lines.filter((line) => line['msg'] === 'schedule missed occurrences while no scheduler ran');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      scheduleKey: 'hourly-report',
      misfirePolicy: 'ignore',
      firstMissed: '2030-05-01T10:00:00.000Z',
      lastMissed: '2030-05-01T14:00:00.000Z',
      missedEnqueued: 0,
    });
  });
});

describe('Scheduler: exclusivity and shutdown', () => {
  it('a schedule changed between lease and commit commits nothing; the next poll plans the new definition', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'old' }, CronPresets.hourly);
    world.setTime('2030-05-01T09:59:50Z');
    let interfered = false;
    world.hooks.beforeAdvance = async () => {
      if (interfered) return;
      interfered = true;
      await world.client.scheduleRecurring('report', reportJob, { report: 'new' }, CronPresets.hourly);
    };
    const scheduler = world.scheduler();

    const first = await scheduler.poll();
    const second = await scheduler.poll();

    expect(first).toMatchObject({ leased: 1, lost: 1, enqueued: 0 });
    expect(second).toMatchObject({ leased: 1, advanced: 1, enqueued: 1 });
    const [job] = await world.jobsOf('report');
    expect(job?.payload).toBe('{"report":"new"}');
  });

  it('stop() lets the commit under way finish and releases the schedules not yet committed', async () => {
    const world = scheduleWorld();
    for (const key of ['a-report', 'b-report']) {
      await world.client.scheduleRecurring(key, reportJob, { report: key }, CronPresets.hourly);
    }
    world.setTime('2030-05-01T09:59:50Z');
    let unblock: () => void = () => undefined;
    let reachedAdvance: () => void = () => undefined;
    const advanceReached = new Promise<void>((resolve) => (reachedAdvance = resolve));
    world.hooks.beforeAdvance = async () => {
      reachedAdvance();
      await new Promise<void>((resolve) => (unblock = resolve));
    };
    const scheduler = world.scheduler({ pollIntervalMs: 10 });
    scheduler.start();
    await advanceReached;

    const stopped = scheduler.stop();
    unblock();
    await stopped;

    expect(await world.enqueuedRunAts('a-report')).toEqual(['2030-05-01T10:00:00.000Z']);
    expect(await world.enqueuedRunAts('b-report')).toEqual([]);
    for (const key of ['a-report', 'b-report']) {
      expect(await world.client.getSchedule(key)).toMatchObject({ leaseToken: null, leaseOwner: null });
    }
  });

  it('a storage that cannot lease schedules stops the scheduler with one error, not one per poll', async () => {
    const { logger, lines } = capturingLogger();
    const world = scheduleWorld({ logger });
    let leaseCalls = 0;
    const unsupported = () =>
      new ConfigInvalidError({ where: 'TestStorage', option: 'provider', rule: 'must lease schedules', received: 'none' });
    world.storage.scheduleLeaseDue = async () => {
      leaseCalls += 1;
      throw unsupported();
    };
    world.storage.scheduleRelease = async () => {
      throw unsupported();
    };
    const scheduler = world.scheduler({ pollIntervalMs: 10 });

    scheduler.start();
    await waitFor(() => !scheduler.isRunning(), { description: 'scheduler stopped itself' });
    await scheduler.stop();

    expect(leaseCalls).toBe(1);
    const errors = lines.filter((line) => line['level'] === 50);
    expect(errors.map((line) => line['msg'])).toEqual(['scheduler stopped: the storage cannot lease schedules']);
  });

  it('a schedule whose stored expression no longer parses is parked, not retried every poll', async () => {
    const { logger, lines } = capturingLogger();
    const world = scheduleWorld({ logger });
    await world.client.scheduleRecurring('broken', reportJob, { report: 'x' }, CronPresets.hourly);
    const stored = await world.storage.scheduleGet({ key: 'broken' });
    await world.storage.scheduleUpsert({ ...stored!, cron: '99 * * * *', enabled: undefined, now: world.clock.now() });
    world.setTime('2030-05-01T09:59:50Z');
    const scheduler = world.scheduler();

    const first = await scheduler.poll();
    const second = await scheduler.poll();

    expect(first).toMatchObject({ leased: 1, failed: 1, enqueued: 0 });
    expect(second.leased).toBe(0);
    expect((await world.client.getSchedule('broken'))?.nextRunAt).toBeNull();
    expect(lines.some((line) => String(line['msg']).startsWith('schedule parked'))).toBe(true);
  });
});
