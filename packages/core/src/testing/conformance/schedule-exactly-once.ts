import { expect, it } from 'vitest';

import type { Logger } from '../../logging/logger.js';
import { SCHEDULER_DEFAULTS } from '../../options/scheduler-options.js';
import { parseCron } from '../../schedules/cron-expression.js';
import { occurrenceIdempotencyKey } from '../../schedules/schedule-key.js';
import { Scheduler } from '../../schedules/scheduler.js';
import { at, insertParams, serverIdFor, type ConformanceContext } from './fixtures.js';
import { fullStorage, upsertParams } from './schedule-fixtures.js';

/** A logger that drops everything. */
const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

/** Schedules of the run: faster than a step, about one per step, and slower than a step. */
const SCHEDULES = [
  { key: 'every-5s', cron: '*/5 * * * * *' },
  { key: 'every-minute', cron: '* * * * *' },
  { key: 'every-2m-at-30s', cron: '30 */2 * * * *' },
] as const;

const SCHEDULER_COUNT = 3;
const STEPS = 30;
const STEP_MS = 7_000;

/** Several schedulers on one storage, driven by a shared manual clock. */
export function describeScheduleExactlyOnce(ctx: ConformanceContext): void {
  it('three schedulers polling concurrently over many ticks enqueue every occurrence exactly once', async () => {
    const storage = fullStorage(ctx);
    // A whole minute, so the expected occurrences do not depend on the suite's clock.
    const start = new Date(Math.floor(ctx.now().getTime() / 60_000) * 60_000);
    let now = start;
    const clock = { now: () => new Date(now) };
    for (const { key, cron } of SCHEDULES) {
      const nextRunAt = parseCron(cron).nextAfter(start);
      await storage.scheduleUpsert(upsertParams(start, { key, cron, nextRunAt, misfirePolicy: 'catchUp' }));
    }
    const schedulers = Array.from({ length: SCHEDULER_COUNT }, (_, index) =>
      new Scheduler({
        storage,
        clock,
        serverId: serverIdFor(`scheduler-${index}`),
        logger: silent,
        options: SCHEDULER_DEFAULTS,
      }),
    );

    // Every step: time moves on, then every scheduler polls twice, all at once.
    for (let step = 1; step <= STEPS; step += 1) {
      now = at(start, step * STEP_MS);
      await Promise.all(schedulers.flatMap((scheduler) => [scheduler.poll(), scheduler.poll()]));
    }

    // Every occurrence up to the last horizon exists once; nothing else was enqueued.
    const horizon = at(now, SCHEDULER_DEFAULTS.leadTimeMs);
    let expectedTotal = 0;
    for (const { key, cron } of SCHEDULES) {
      const parsed = parseCron(cron);
      for (let occurrence = parsed.nextAfter(start); occurrence !== null && occurrence <= horizon; occurrence = parsed.nextAfter(occurrence)) {
        const idempotencyKey = occurrenceIdempotencyKey(key, occurrence);
        const probe = await storage.jobInsert(insertParams(now, { idempotencyKey }));
        expect(probe.inserted, `occurrence ${idempotencyKey} was never enqueued`).toBe(false);
        expect(await storage.jobGet({ id: probe.id })).toMatchObject({ runAt: occurrence, scheduleKey: key });
        expectedTotal += 1;
      }
      const schedule = await storage.scheduleGet({ key });
      expect(schedule?.nextRunAt?.getTime()).toBeGreaterThan(horizon.getTime());
      expect(schedule?.leaseToken).toBeNull();
    }
    expect(expectedTotal).toBeGreaterThan(STEPS);
    expect((await storage.jobCount({})).pending).toBe(expectedTotal);
  });
}
