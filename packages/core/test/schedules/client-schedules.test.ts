import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ConfigInvalidError } from '../../src/errors/config-errors.js';
import { JobNotRegisteredError, JobPayloadInvalidError } from '../../src/errors/job-errors.js';
import {
  ScheduleCronInvalidError,
  ScheduleKeyInvalidError,
  ScheduleNotFoundError,
} from '../../src/errors/schedule-errors.js';
import { defineJob } from '../../src/jobs/define-job.js';
import { CronPresets } from '../../src/schedules/cron-expression.js';
import { reportJob, scheduleWorld } from './support.js';

describe('AtomizerClient.scheduleRecurring', () => {
  it('creates a schedule with the defaults and its first occurrence after now', async () => {
    const world = scheduleWorld();

    const schedule = await world.client.scheduleRecurring('nightly', reportJob, { report: 'sales' }, '0 2 * * *');

    expect(schedule).toMatchObject({
      key: 'nightly',
      name: 'send-report',
      queue: 'reports',
      payload: '{"report":"sales"}',
      cron: '0 2 * * *',
      timeZone: 'UTC',
      misfirePolicy: 'runOnce',
      maxCatchUp: 5,
      maxAttempts: 0,
      enabled: true,
      nextRunAt: new Date('2030-05-02T02:00:00Z'),
      lastEnqueuedAt: null,
    });
  });

  it('reads the expression in the given time zone and accepts six fields with seconds', async () => {
    const world = scheduleWorld();

    const berlin = await world.client.scheduleRecurring('berlin', reportJob, { report: 'x' }, '0 2 * * *', {
      timeZone: 'Europe/Berlin',
    });
    const seconds = await world.client.scheduleRecurring('seconds', reportJob, { report: 'x' }, '15 */10 * * * *');

    expect(berlin.nextRunAt).toEqual(new Date('2030-05-02T00:00:00Z')); // 02:00 CEST
    expect(seconds.nextRunAt).toEqual(new Date('2030-05-01T09:30:15Z'));
  });

  it('updates an existing key in place: a new payload keeps the progress, a new cron restarts it', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'v1' }, CronPresets.hourly);
    world.setTime('2030-05-01T09:45:00Z');

    const payloadChanged = await world.client.scheduleRecurring('report', reportJob, { report: 'v2' }, CronPresets.hourly);
    const cronChanged = await world.client.scheduleRecurring('report', reportJob, { report: 'v2' }, '*/5 * * * *');

    expect(payloadChanged).toMatchObject({ payload: '{"report":"v2"}', nextRunAt: new Date('2030-05-01T10:00:00Z') });
    expect(cronChanged).toMatchObject({ cron: '*/5 * * * *', nextRunAt: new Date('2030-05-01T09:50:00Z') });
    expect(cronChanged.createdAt).toEqual(new Date('2030-05-01T09:30:00Z'));
    expect(await world.client.listSchedules()).toHaveLength(1);
  });

  it('rejects an invalid expression at call time, naming it', async () => {
    const world = scheduleWorld();

    const call = world.client.scheduleRecurring('nightly', reportJob, { report: 'x' }, '0 25 * * *');

    await expect(call).rejects.toThrow(ScheduleCronInvalidError);
    await expect(call).rejects.toThrow('scheduleRecurring "nightly": cron expression "0 25 * * *" is invalid');
    expect(await world.client.listSchedules()).toEqual([]);
  });

  it('rejects an unknown time zone naming the option and the value', async () => {
    const world = scheduleWorld();

    const call = world.client.scheduleRecurring('nightly', reportJob, { report: 'x' }, CronPresets.daily, {
      timeZone: 'Europe/Atlantis',
    });

    await expect(call).rejects.toThrow(ConfigInvalidError);
    await expect(call).rejects.toThrow('scheduleRecurring "nightly": timeZone must be an IANA time zone name');
    await expect(call).rejects.toThrow('got "Europe/Atlantis"');
  });

  it('rejects an invalid key, an unregistered job and a payload the schema refuses', async () => {
    const world = scheduleWorld();
    const stranger = defineJob({ name: 'stranger', schema: z.object({}), handler: () => undefined });

    await expect(world.client.scheduleRecurring('has space', reportJob, { report: 'x' }, CronPresets.daily)).rejects.toThrow(
      ScheduleKeyInvalidError,
    );
    await expect(world.client.scheduleRecurring('k', stranger, {}, CronPresets.daily)).rejects.toThrow(JobNotRegisteredError);
    await expect(
      world.client.scheduleRecurring('k', reportJob, { report: 42 } as unknown as { report: string }, CronPresets.daily),
    ).rejects.toThrow(JobPayloadInvalidError);
    expect(await world.client.listSchedules()).toEqual([]);
  });
});

describe('AtomizerClient: pause, resume, delete, trigger', () => {
  it('a paused schedule enqueues nothing; resumed, it restarts after now without catching up', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly, {
      misfirePolicy: 'catchUp',
    });
    const scheduler = world.scheduler();

    const paused = await world.client.pauseSchedule('report');
    world.setTime('2030-05-01T12:59:55Z');
    await scheduler.poll();
    const enqueuedWhilePaused = await world.enqueuedRunAts('report');
    world.setTime('2030-05-01T13:10:00Z');
    const resumed = await world.client.resumeSchedule('report');
    world.setTime('2030-05-01T13:59:55Z');
    await scheduler.poll();

    expect(paused.enabled).toBe(false);
    expect(enqueuedWhilePaused).toEqual([]);
    expect(resumed).toMatchObject({ enabled: true, nextRunAt: new Date('2030-05-01T14:00:00Z') });
    expect(await world.enqueuedRunAts('report')).toEqual(['2030-05-01T14:00:00.000Z']);
  });

  it('re-registering a paused schedule keeps it paused unless enabled is given', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly);
    await world.client.pauseSchedule('report');

    const kept = await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly);
    const enabled = await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly, {
      enabled: true,
    });

    expect(kept.enabled).toBe(false);
    expect(enabled.enabled).toBe(true);
  });

  it('delete removes the schedule, keeps its enqueued jobs and reports a missing key', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly);
    world.setTime('2030-05-01T09:59:55Z');
    await world.scheduler().poll();

    const deleted = await world.client.deleteSchedule('report');
    const again = await world.client.deleteSchedule('report');
    world.setTime('2030-05-01T10:59:55Z');
    await world.scheduler().poll();

    expect([deleted, again]).toEqual([true, false]);
    expect(await world.client.getSchedule('report')).toBeNull();
    expect(await world.enqueuedRunAts('report')).toEqual(['2030-05-01T10:00:00.000Z']);
  });

  it('trigger enqueues one job now, also when paused, and leaves the cadence alone', async () => {
    const world = scheduleWorld();
    await world.client.scheduleRecurring('report', reportJob, { report: 'x' }, CronPresets.hourly, { maxAttempts: 2 });
    await world.client.pauseSchedule('report');

    const first = await world.client.triggerSchedule('report');
    const second = await world.client.triggerSchedule('report');

    expect(first).not.toBe(second);
    expect(await world.client.getJob(first)).toMatchObject({
      name: 'send-report',
      queue: 'reports',
      payload: '{"report":"x"}',
      runAt: new Date('2030-05-01T09:30:00Z'),
      maxAttempts: 2,
      scheduleKey: 'report',
      idempotencyKey: null,
    });
    expect((await world.client.getSchedule('report'))?.nextRunAt).toEqual(new Date('2030-05-01T10:00:00Z'));
  });

  it.each([
    ['pauseSchedule', (world: ReturnType<typeof scheduleWorld>) => world.client.pauseSchedule('missing')],
    ['resumeSchedule', (world: ReturnType<typeof scheduleWorld>) => world.client.resumeSchedule('missing')],
    ['triggerSchedule', (world: ReturnType<typeof scheduleWorld>) => world.client.triggerSchedule('missing')],
  ])('%s of a missing key throws ScheduleNotFoundError naming it', async (method, call) => {
    const world = scheduleWorld();

    const result = call(world);

    await expect(result).rejects.toThrow(ScheduleNotFoundError);
    await expect(result).rejects.toThrow(`${method}: no schedule has the key "missing"`);
  });
});
