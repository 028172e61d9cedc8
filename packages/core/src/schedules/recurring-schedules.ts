import { randomUUID } from 'node:crypto';

import type { Clock } from '../clock/clock.js';
import { JobNotRegisteredError } from '../errors/job-errors.js';
import { ScheduleNotFoundError } from '../errors/schedule-errors.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_QUEUE } from '../options/names.js';
import {
  MAX_ATTEMPTS_FROM_QUEUE_POLICY,
  type JobStorage,
  type ScheduleRecord,
} from '../storage/storage-contract.js';
import { parseCron } from './cron-expression.js';
import { resolveRecurringJobOptions, type RecurringJobOptions } from './recurring-job-options.js';
import { validateScheduleKey } from './schedule-key.js';

/** What the client's schedule commands need from the client. */
export interface RecurringSchedulesDeps {
  storage: JobStorage;
  registry: JobRegistry;
  clock: Clock;
  logger: Logger;
  /** The client's payload check: JSON text that fits the size limit and the job's schema. */
  serializePayload(job: AnyJobDefinition, payload: unknown): Promise<string>;
}

/**
 * The recurring-schedule commands of `AtomizerClient`: create or update, list, read, pause,
 * resume, delete and trigger. Validation happens here, at call time, so a bad cron expression or
 * time zone fails the call that wrote it, never a scheduler poll later.
 */
export class RecurringSchedules {
  private readonly deps: RecurringSchedulesDeps;

  constructor(deps: RecurringSchedulesDeps) {
    this.deps = deps;
  }

  /** See `AtomizerClient.scheduleRecurring`. */
  async upsert(
    key: string,
    job: AnyJobDefinition,
    payload: unknown,
    cron: string,
    options: RecurringJobOptions | undefined,
  ): Promise<ScheduleRecord> {
    validateScheduleKey(key, 'AtomizerClient.scheduleRecurring');
    const where = `scheduleRecurring "${key}"`;
    if (!this.deps.registry.holds(job)) {
      throw new JobNotRegisteredError(String(job?.name), where);
    }
    const resolved = resolveRecurringJobOptions(options, where);
    const now = this.deps.clock.now();
    const parsed = parseCron(cron, { timeZone: resolved.timeZone, where, now });
    const payloadJson = await this.deps.serializePayload(job, payload);

    const { schedule, created } = await this.deps.storage.scheduleUpsert({
      key,
      name: job.name,
      queue: resolved.queue ?? job.queue ?? DEFAULT_QUEUE,
      payload: payloadJson,
      cron: parsed.expression,
      timeZone: parsed.timeZone,
      misfirePolicy: resolved.misfirePolicy,
      maxCatchUp: resolved.maxCatchUp,
      maxAttempts: resolved.maxAttempts ?? job.maxAttempts ?? MAX_ATTEMPTS_FROM_QUEUE_POLICY,
      enabled: resolved.enabled,
      nextRunAt: parsed.nextAfter(now),
      now,
    });

    this.deps.logger.info(
      {
        scheduleKey: key,
        jobName: job.name,
        queue: schedule.queue,
        cron: schedule.cron,
        timeZone: schedule.timeZone,
        enabled: schedule.enabled,
        nextRunAt: schedule.nextRunAt?.toISOString() ?? null,
      },
      created ? 'recurring schedule created' : 'recurring schedule updated',
    );
    return schedule;
  }

  /** See `AtomizerClient.listSchedules`. */
  list(): Promise<ScheduleRecord[]> {
    return this.deps.storage.scheduleList();
  }

  /** See `AtomizerClient.getSchedule`. */
  get(key: string): Promise<ScheduleRecord | null> {
    return this.deps.storage.scheduleGet({ key });
  }

  /** See `AtomizerClient.pauseSchedule` and `resumeSchedule`. */
  async setEnabled(key: string, enabled: boolean): Promise<ScheduleRecord> {
    const where = enabled ? 'resumeSchedule' : 'pauseSchedule';
    const storage = this.deps.storage;
    const now = this.deps.clock.now();

    // Resuming restarts from the next occurrence after now: what fell while paused is skipped.
    let nextRunAt: Date | null = null;
    if (enabled) {
      const current = await storage.scheduleGet({ key });
      if (current === null) throw new ScheduleNotFoundError(where, key);
      nextRunAt = parseCron(current.cron, { timeZone: current.timeZone, where, now, requireNextOccurrence: false }).nextAfter(now);
    }

    const schedule = await storage.scheduleSetEnabled({ key, enabled, nextRunAt, now });
    if (schedule === null) throw new ScheduleNotFoundError(where, key);
    this.deps.logger.info(
      { scheduleKey: key, nextRunAt: schedule.nextRunAt?.toISOString() ?? null },
      enabled ? 'recurring schedule resumed' : 'recurring schedule paused',
    );
    return schedule;
  }

  /** See `AtomizerClient.deleteSchedule`. */
  async delete(key: string): Promise<boolean> {
    const deleted = await this.deps.storage.scheduleDelete({ key });
    if (deleted) this.deps.logger.info({ scheduleKey: key }, 'recurring schedule deleted');
    return deleted;
  }

  /** See `AtomizerClient.triggerSchedule`. */
  async trigger(key: string): Promise<string> {
    const where = 'triggerSchedule';
    const schedule = await this.deps.storage.scheduleGet({ key });
    if (schedule === null) throw new ScheduleNotFoundError(where, key);
    const now = this.deps.clock.now();

    const result = await this.deps.storage.jobInsert({
      id: randomUUID(),
      name: schedule.name,
      queue: schedule.queue,
      payload: schedule.payload,
      runAt: now,
      maxAttempts: schedule.maxAttempts,
      idempotencyKey: null,
      scheduleKey: key,
      now,
    });
    this.deps.logger.info(
      { scheduleKey: key, jobId: result.id, queue: schedule.queue },
      'recurring schedule triggered now',
    );
    return result.id;
  }
}
