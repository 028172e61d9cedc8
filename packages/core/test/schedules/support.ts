import { z } from 'zod';

import { AtomizerClient } from '../../src/client/atomizer-client.js';
import { defineJob } from '../../src/jobs/define-job.js';
import type { Logger } from '../../src/logging/logger.js';
import { SCHEDULER_DEFAULTS, type ResolvedSchedulerOptions } from '../../src/options/scheduler-options.js';
import { Scheduler } from '../../src/schedules/scheduler.js';
import { InMemoryStorage } from '../../src/storage/in-memory-storage.js';
import type { JobDetails, JobInsertParams, ScheduleAdvanceParams } from '../../src/storage/storage-contract.js';
import { FakeClock, silentLogger } from '../helpers.js';

/** The job the schedule tests register. */
export const reportJob = defineJob({
  name: 'send-report',
  schema: z.object({ report: z.string() }),
  queue: 'reports',
  handler: () => undefined,
});

/** 2030-05-01 09:30 UTC: half an hour before the hourly schedules of the tests fire. */
export const START = Date.UTC(2030, 4, 1, 9, 30, 0, 0);

/**
 * The in-memory storage, wrapped to remember the id of every job anyone tried to insert (by
 * enqueue, trigger or schedule advance), so a test can list what was enqueued through the
 * contract alone: an id that `jobGet` finds was inserted.
 */
function recordingStorage(storage: InMemoryStorage, hooks: StorageHooks): { storage: InMemoryStorage; attemptedIds: string[] } {
  const attemptedIds: string[] = [];
  const proxy = new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'jobInsert') {
        return (params: JobInsertParams, context?: unknown) => {
          attemptedIds.push(params.id);
          return target.jobInsert(params, context as undefined);
        };
      }
      if (property === 'scheduleAdvance') {
        return async (params: ScheduleAdvanceParams) => {
          attemptedIds.push(...params.jobs.map((job) => job.id));
          await hooks.beforeAdvance?.(params);
          return target.scheduleAdvance(params);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { storage: proxy, attemptedIds };
}

/** Places where a test can step in. */
export interface StorageHooks {
  /** Runs before each schedule advance reaches the storage. */
  beforeAdvance?: (params: ScheduleAdvanceParams) => Promise<void>;
}

/** A client, a storage and a way to build schedulers, all on one fake clock. */
export function scheduleWorld(options: { logger?: Logger } = {}) {
  const clock = new FakeClock(START);
  const hooks: StorageHooks = {};
  const { storage, attemptedIds } = recordingStorage(new InMemoryStorage({ clock }), hooks);
  const logger = options.logger ?? silentLogger;
  const client = new AtomizerClient({ storage, jobs: [reportJob], clock, logger });

  const scheduler = (overrides: Partial<ResolvedSchedulerOptions> = {}, serverId = 'node-1:*:aaaaaaaaaaaa') =>
    new Scheduler({ storage, clock, serverId, logger, options: { ...SCHEDULER_DEFAULTS, ...overrides } });

  /** Moves the fake clock to `iso` (UTC). */
  const setTime = (iso: string) => clock.advance(new Date(iso).getTime() - clock.now().getTime());

  /** Every job of schedule `key` that exists, oldest runAt first. */
  const jobsOf = async (key: string): Promise<JobDetails[]> => {
    const jobs: JobDetails[] = [];
    for (const id of new Set(attemptedIds)) {
      const job = await storage.jobGet({ id });
      if (job?.scheduleKey === key) jobs.push(job);
    }
    return jobs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
  };

  /** The runAt of every job of schedule `key`, as ISO strings, ascending. */
  const enqueuedRunAts = async (key: string): Promise<string[]> =>
    (await jobsOf(key)).map((job) => job.runAt.toISOString());

  return { clock, storage, hooks, client, scheduler, setTime, jobsOf, enqueuedRunAts };
}
