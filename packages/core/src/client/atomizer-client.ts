import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import {
  JobNotRegisteredError,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobPayloadTooLargeError,
} from '../errors/job-errors.js';
import type { JobDefinition } from '../jobs/job-definition.js';
import { toPayloadIssues } from '../jobs/payload-issues.js';
import type { Logger } from '../logging/logger.js';
import {
  resolveClientOptions,
  type AtomizerClientOptions,
  type ResolvedClientOptions,
} from '../options/client-options.js';
import {
  resolveEnqueueOptions,
  type EnqueueOptions,
  type ScheduledEnqueueOptions,
} from '../options/enqueue-options.js';
import {
  MAX_ATTEMPTS_FROM_QUEUE_POLICY,
  type JobCounts,
  type JobDetails,
} from '../storage/storage-contract.js';

/**
 * Puts jobs in the storage and reads them back. Cheap to keep for the life of the process;
 * it holds no connections of its own.
 */
export class AtomizerClient {
  private readonly options: ResolvedClientOptions;
  private readonly logger: Logger;

  /** @throws ConfigInvalidError or JobNameDuplicateError for invalid options */
  constructor(options: AtomizerClientOptions) {
    this.options = resolveClientOptions(options);
    this.logger = this.options.logger;
  }

  /**
   * Enqueues one job and returns its id (or, when `idempotencyKey` is taken, the id of the job
   * holding it). The payload is checked against the job's schema after a JSON round trip, so
   * what the handler later receives is what was validated here.
   * @throws JobNotRegisteredError, JobPayloadInvalidError, JobPayloadTooLargeError,
   * JobPayloadNotSerializableError, QueueNameInvalidError, JobKeyInvalidError, ConfigInvalidError
   */
  async enqueue<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options: EnqueueOptions = {},
  ): Promise<string> {
    if (!this.options.registry.holds(job as JobDefinition)) {
      throw new JobNotRegisteredError(String(job?.name), 'AtomizerClient.enqueue');
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

  /** Jobs per state, in one queue or in all. */
  async countJobs(params: { queue?: string } = {}): Promise<JobCounts> {
    return this.options.storage.jobCount(params.queue === undefined ? {} : { queue: params.queue });
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
