import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import { ConfigInvalidError } from '../errors/config-errors.js';
import {
  JobNotRegisteredError,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobPayloadTooLargeError,
} from '../errors/job-errors.js';
import { isJobDefinition, type JobDefinition } from '../jobs/job-definition.js';
import { toPayloadIssues } from '../jobs/payload-issues.js';
import type { Logger } from '../logging/logger.js';
import {
  resolveClientOptions,
  type AtomizerClientOptions,
  type ResolvedClientOptions,
} from '../options/client-options.js';
import { resolveCountJobsParams, type CountJobsParams } from '../options/count-options.js';
import {
  resolveEnqueueOptions,
  type EnqueueOptions,
  type ScheduledEnqueueOptions,
} from '../options/enqueue-options.js';
import type { RecurringJobOptions } from '../schedules/recurring-job-options.js';
import { RecurringSchedules } from '../schedules/recurring-schedules.js';
import {
  MAX_ATTEMPTS_FROM_QUEUE_POLICY,
  type JobCounts,
  type JobDetails,
  type ScheduleRecord,
} from '../storage/storage-contract.js';

/**
 * Puts jobs in the storage and reads them back. Cheap to keep for the life of the process;
 * it holds no connections of its own.
 */
export class AtomizerClient {
  private readonly options: ResolvedClientOptions;
  private readonly logger: Logger;
  private readonly schedules: RecurringSchedules;

  /** @throws ConfigInvalidError or JobNameDuplicateError for invalid options */
  constructor(options: AtomizerClientOptions) {
    this.options = resolveClientOptions(options);
    this.logger = this.options.logger;
    this.schedules = new RecurringSchedules({
      storage: this.options.storage,
      registry: this.options.registry,
      clock: this.options.clock,
      logger: this.logger,
      serializePayload: (job, payload) => this.serializePayload(job, payload),
    });
  }

  /**
   * Enqueues one job and returns its id (or, when `idempotencyKey` is taken, the id of the job
   * holding it). The payload is checked against the job's schema after a JSON round trip, so
   * what the handler later receives is what was validated here.
   * @throws JobNotRegisteredError, JobPayloadInvalidError, JobPayloadTooLargeError,
   * JobPayloadNotSerializableError, QueueNameInvalidError, JobKeyInvalidError, ConfigInvalidError
   * (also when `job` is not a job definition)
   */
  async enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (!isJobDefinition(job)) {
      throw new ConfigInvalidError({
        where: 'AtomizerClient.enqueue',
        option: 'job',
        rule: 'must be a job definition made by defineJob (the object given in "jobs", not its name)',
        received: job,
      });
    }
    if (!this.options.registry.holds(job)) {
      throw new JobNotRegisteredError(job.name, 'AtomizerClient.enqueue');
    }
    const now = this.options.clock.now();
    const resolved = resolveEnqueueOptions(job.name, job.queue, options, now);
    const payloadJson = await this.serializePayload(job as JobDefinition, payload);

    const result = await this.options.storage.jobInsert(
      {
        id: randomUUID(),
        name: job.name,
        queue: resolved.queue,
        payload: payloadJson,
        runAt: resolved.runAt,
        maxAttempts: resolved.maxAttempts ?? job.maxAttempts ?? MAX_ATTEMPTS_FROM_QUEUE_POLICY,
        idempotencyKey: resolved.idempotencyKey,
        scheduleKey: null,
        now,
      },
      resolved.transaction === undefined ? undefined : { transaction: resolved.transaction },
    );

    this.logger.debug(
      { jobId: result.id, jobName: job.name, queue: resolved.queue, inserted: result.inserted },
      result.inserted ? 'job enqueued' : 'job already enqueued under this idempotency key',
    );
    return result.id;
  }

  /** Enqueues a job to run at `runAt` (a past time means now). Same checks as {@link enqueue}. */
  async enqueueAt<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    runAt: Date,
    options: ScheduledEnqueueOptions = {},
  ): Promise<string> {
    return this.enqueue(job, payload, { ...options, runAt });
  }

  /** Enqueues a job to run `delayMs` from now. Same checks as {@link enqueue}. */
  async enqueueIn<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    delayMs: number,
    options: ScheduledEnqueueOptions = {},
  ): Promise<string> {
    return this.enqueue(job, payload, { ...options, delayMs });
  }

  /** One job with its recorded errors, oldest first; `null` when no job has that id. */
  async getJob(id: string): Promise<JobDetails | null> {
    return this.options.storage.jobGet({ id });
  }

  /**
   * Jobs per state, in one queue or in all.
   * @throws QueueNameInvalidError for a queue name that breaks the rule, ConfigInvalidError for
   * other bad parameters
   */
  async countJobs(params: CountJobsParams = {}): Promise<JobCounts> {
    return this.options.storage.jobCount(resolveCountJobsParams(params));
  }

  // ---- recurring schedules ---------------------------------------------------------------

  /**
   * Creates the recurring schedule `key`, or updates it in place: a server's scheduler then
   * enqueues one job per occurrence of `cron` (read in `options.timeZone`). Call it at every
   * start; an unchanged schedule keeps its progress, so occurrences missed while the app was
   * down are handled by its misfire policy. Changing the cron expression or time zone restarts
   * it from the next occurrence after now.
   *
   * `cron`: five fields (`minute hour day-of-month month day-of-week`), six with a leading seconds
   * field, a nickname such as `@daily`, or a `CronPresets` value.
   * @returns the schedule as stored.
   * @throws ScheduleKeyInvalidError, ScheduleCronInvalidError (naming the expression),
   * ConfigInvalidError (options, e.g. an unknown time zone), JobNotRegisteredError,
   * JobPayloadInvalidError, JobPayloadTooLargeError, QueueNameInvalidError
   */
  async scheduleRecurring<S extends z.ZodType>(
    key: string,
    job: JobDefinition<S>,
    payload: z.input<S>,
    cron: string,
    options?: RecurringJobOptions,
  ): Promise<ScheduleRecord> {
    return this.schedules.upsert(key, job as JobDefinition, payload, cron, options);
  }

  /** Every recurring schedule, by key. */
  async listSchedules(): Promise<ScheduleRecord[]> {
    return this.schedules.list();
  }

  /** One recurring schedule; `null` when none has the key. */
  async getSchedule(key: string): Promise<ScheduleRecord | null> {
    return this.schedules.get(key);
  }

  /**
   * Pauses a schedule: schedulers stop enqueueing it until {@link resumeSchedule}. Jobs already
   * enqueued stay. Pausing a paused schedule changes nothing.
   * @throws ScheduleNotFoundError when no schedule has the key
   */
  async pauseSchedule(key: string): Promise<ScheduleRecord> {
    return this.schedules.setEnabled(key, false);
  }

  /**
   * Resumes a paused schedule from its next occurrence after now; occurrences that fell while
   * it was paused are skipped, not treated as missed. Resuming a running schedule changes nothing.
   * @throws ScheduleNotFoundError when no schedule has the key
   */
  async resumeSchedule(key: string): Promise<ScheduleRecord> {
    return this.schedules.setEnabled(key, true);
  }

  /**
   * Deletes a schedule. Jobs it already enqueued stay and run.
   * @returns false when no schedule had the key.
   */
  async deleteSchedule(key: string): Promise<boolean> {
    return this.schedules.delete(key);
  }

  /**
   * Enqueues one job of the schedule now, outside its cron cadence (also when it is paused),
   * and returns the job's id. The schedule's own occurrences are not affected.
   * @throws ScheduleNotFoundError when no schedule has the key
   */
  async triggerSchedule(key: string): Promise<string> {
    return this.schedules.trigger(key);
  }

  /** JSON text of a payload that fits the size limit and passes the job's schema. */
  private async serializePayload(job: JobDefinition, payload: unknown): Promise<string> {
    let json: string | undefined;
    try {
      json = JSON.stringify(payload);
    } catch (error) {
      throw new JobPayloadNotSerializableError(job.name, error);
    }
    if (json === undefined) {
      throw new JobPayloadNotSerializableError(job.name, `JSON.stringify returned undefined for ${typeof payload}`);
    }

    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.options.maxPayloadBytes) {
      throw new JobPayloadTooLargeError(job.name, bytes, this.options.maxPayloadBytes);
    }

    const checked = await job.schema.safeParseAsync(JSON.parse(json));
    if (!checked.success) {
      throw new JobPayloadInvalidError(job.name, toPayloadIssues(checked.error.issues), {
        cause: checked.error,
      });
    }
    return json;
  }
}
