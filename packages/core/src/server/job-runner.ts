import { performance } from 'node:perf_hooks';

import type { Clock } from '../clock/clock.js';
import { delay } from '../clock/sleep.js';
import { storableTimeAfter } from '../clock/storable-time.js';
import { InternalError } from '../errors/internal-error.js';
import {
  JobAttemptsExhaustedError,
  JobNotRegisteredError,
  JobPayloadInvalidError,
} from '../errors/job-errors.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { toPayloadIssues } from '../jobs/payload-issues.js';
import type { LogFields, Logger } from '../logging/logger.js';
import type { ResolvedQueueOptions } from '../options/queue-options.js';
import { policyMaxAttempts, retryDelayMs } from '../retry/retry-delay.js';
import {
  MAX_ATTEMPTS_FROM_QUEUE_POLICY,
  type JobFailParams,
  type JobStorage,
} from '../storage/storage-contract.js';
import type { CompletionBatcher } from './completion-batcher.js';
import { toErrorRecord } from './error-record.js';
import type { InFlightJob } from './in-flight-job.js';
import type { JobEventBase, ServerEvents } from './server-events.js';
import { WRITE_RETRY_PAUSES_MS } from './write-retry.js';

/** What a runner needs; one runner serves one queue. */
export interface JobRunnerDeps {
  storage: JobStorage;
  clock: Clock;
  registry: JobRegistry;
  queue: ResolvedQueueOptions;
  serverId: string;
  /** The queue's logger (carries `serverId` and `queue`). */
  logger: Logger;
  events: ServerEvents;
  batcher: CompletionBatcher;
  /** Uniform numbers in [0, 1) for retry jitter. */
  random?: () => number;
}

/** Executions allowed for a stored job: its own limit, or its queue policy's. */
export function effectiveMaxAttempts(storedMaxAttempts: number, queue: ResolvedQueueOptions): number {
  return storedMaxAttempts === MAX_ATTEMPTS_FROM_QUEUE_POLICY
    ? policyMaxAttempts(queue.retry)
    : storedMaxAttempts;
}

/**
 * Logs a line carrying a thrown value as `err`. pino serializes `err` by reading its fields,
 * which throws for a hostile value (a proxy, a throwing getter); the line then carries the
 * value's error record instead, so logging can never stop a job's outcome or its event.
 */
function logThrown(
  logger: Logger,
  level: 'warn' | 'error',
  thrown: unknown,
  fields: LogFields,
  message: string,
): void {
  try {
    logger[level]({ ...fields, err: thrown }, message);
  } catch {
    const record = toErrorRecord(thrown, 0, '', new Date(0));
    logger[level]({ ...fields, err: { type: record.errorType, message: record.message, stack: record.stack } }, message);
  }
}

type PayloadCheck = { ok: true; payload: unknown } | { ok: false; error: JobPayloadInvalidError };

/**
 * Runs one leased job: checks it may run, re-validates its payload, calls the handler and
 * writes the outcome under the job's lease token. It never throws: every failure becomes a
 * recorded attempt, a log line, or (for a lost lease) an event.
 */
export class JobRunner {
  private readonly deps: JobRunnerDeps;

  constructor(deps: JobRunnerDeps) {
    this.deps = deps;
  }

  async run(inFlight: InFlightJob): Promise<void> {
    try {
      await this.execute(inFlight);
    } catch (unexpected) {
      await this.settleAfterUnexpected(inFlight, unexpected);
    }
  }

  private async execute(inFlight: InFlightJob): Promise<void> {
    const { job } = inFlight;
    const maxAttempts = effectiveMaxAttempts(job.maxAttempts, this.deps.queue);
    const logger = this.deps.logger.child({ jobId: job.id, jobName: job.name, attempt: job.attempts });
    const startedAt = performance.now();

    const definition = this.deps.registry.find(job.name);
    if (definition === undefined) {
      const error = new JobNotRegisteredError(job.name, `queue "${job.queue}"`);
      return this.fail(inFlight, error, { final: true, startedAt, logger });
    }
    // The previous lease expired while the last allowed attempt ran; running again would
    // exceed the limit the producer asked for.
    if (job.attempts > maxAttempts) {
      const error = new JobAttemptsExhaustedError(job.id, job.attempts, maxAttempts);
      return this.fail(inFlight, error, { final: true, startedAt, logger });
    }
    let checked: PayloadCheck;
    try {
      checked = await this.checkPayload(definition, job.payload);
    } catch (thrown) {
      // The schema's own code threw (a refinement or transform, maybe a lookup that can
      // recover), which is not an issue with the payload: the attempt fails and retries.
      return this.fail(inFlight, thrown, { final: job.attempts >= maxAttempts, startedAt, logger });
    }
    if (!checked.ok) return this.fail(inFlight, checked.error, { final: true, startedAt, logger });

    // Validation is async: shutdown may have aborted or released the job meanwhile, and a
    // handler must never start for a job this server no longer holds.
    if (inFlight.phase !== 'running' || inFlight.abortController.signal.aborted) {
      if (inFlight.phase === 'running') inFlight.phase = 'aborted';
      logger.warn('job not started: shutdown began while its payload was being validated');
      return;
    }

    try {
      await definition.handler(checked.payload, {
        jobId: job.id,
        name: job.name,
        queue: job.queue,
        attempt: job.attempts,
        maxAttempts,
        signal: inFlight.abortController.signal,
        logger,
      });
    } catch (thrown) {
      if (inFlight.abortController.signal.aborted || inFlight.phase !== 'running') {
        // Shutdown aborted it; shutdown releases it, keeping the attempt counted.
        if (inFlight.phase === 'running') inFlight.phase = 'aborted';
        logThrown(logger, 'warn', thrown, {}, 'job aborted by shutdown; it will be released');
        return;
      }
      return this.fail(inFlight, thrown, { final: job.attempts >= maxAttempts, startedAt, logger });
    }

    if (inFlight.phase !== 'running') {
      logger.warn('job finished after shutdown released it; its completion is not written');
      return;
    }
    await this.complete(inFlight, startedAt, logger);
  }

  /**
   * Last resort when running a job threw past every guard above (a logger that throws, say):
   * logs it and, unless the outcome was already written, fails the attempt, so the job is
   * never left processing with nobody working on it.
   */
  private async settleAfterUnexpected(inFlight: InFlightJob, unexpected: unknown): Promise<void> {
    const { job } = inFlight;
    const error = new InternalError(`running job ${job.id} threw unexpectedly`, unexpected);
    try {
      logThrown(this.deps.logger, 'error', error, { jobId: job.id, attempt: job.attempts }, 'job runner threw unexpectedly');
    } catch {
      // The logger itself may be what threw; the write below matters more than the log line.
    }
    if (inFlight.phase !== 'running' && inFlight.phase !== 'writing') return;

    const final = job.attempts >= effectiveMaxAttempts(job.maxAttempts, this.deps.queue);
    try {
      await this.fail(inFlight, error, { final, startedAt: performance.now(), logger: this.deps.logger });
    } catch {
      // Nothing left to try: the job returns to pending when its lease expires.
      inFlight.phase = 'settled';
    }
  }

  private async checkPayload(definition: AnyJobDefinition, json: string): Promise<PayloadCheck> {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (cause) {
      const issue = { path: [], message: 'must be valid JSON', code: 'invalid_json' };
      return { ok: false, error: new JobPayloadInvalidError(definition.name, [issue], { cause }) };
    }

    const result = await definition.schema.safeParseAsync(raw);
    if (result.success) return { ok: true, payload: result.data };
    const issues = toPayloadIssues(result.error.issues);
    return { ok: false, error: new JobPayloadInvalidError(definition.name, issues, { cause: result.error }) };
  }

  private async complete(inFlight: InFlightJob, startedAt: number, logger: Logger): Promise<void> {
    inFlight.phase = 'writing';
    const durationMs = Math.round(performance.now() - startedAt);
    const outcome = await this.deps.batcher.complete(inFlight.leaseToken, inFlight.job.id);
    inFlight.phase = 'settled';

    if (outcome === 'completed') {
      logger.debug({ durationMs }, 'job completed');
      this.deps.events.emit('job:completed', { ...this.eventBase(inFlight), durationMs });
    } else if (outcome === 'lease-lost') {
      logger.warn('job completed but its lease was lost; another server owns it now, nothing written');
      this.deps.events.emit('job:lease-lost', { ...this.eventBase(inFlight), outcome: 'completed' });
    }
  }

  private async fail(
    inFlight: InFlightJob,
    thrown: unknown,
    how: { final: boolean; startedAt: number; logger: Logger },
  ): Promise<void> {
    const { job, leaseToken } = inFlight;
    inFlight.phase = 'writing';
    const durationMs = Math.round(performance.now() - how.startedAt);
    const now = this.deps.clock.now();
    const error = toErrorRecord(thrown, job.attempts, this.deps.serverId, now);
    const retryAt = how.final
      ? null
      : storableTimeAfter(now, retryDelayMs(this.deps.queue.retry, job.attempts, this.deps.random));

    const written = await this.writeFailure({ id: job.id, leaseToken, now, error, retryAt }, how.logger);
    inFlight.phase = 'settled';
    if (written === undefined) return;

    const base = this.eventBase(inFlight);
    if (!written) {
      logThrown(how.logger, 'warn', thrown, {}, 'attempt failed but the lease was lost; nothing written');
      this.deps.events.emit('job:lease-lost', { ...base, outcome: retryAt === null ? 'failed' : 'retrying' });
    } else if (retryAt !== null) {
      logThrown(how.logger, 'warn', thrown, { retryAt, durationMs }, 'attempt failed; job will retry');
      this.deps.events.emit('job:retrying', { ...base, durationMs, error, retryAt });
    } else {
      logThrown(how.logger, 'error', thrown, { durationMs }, 'job failed for good');
      this.deps.events.emit('job:failed', { ...base, durationMs, error });
    }
  }

  /**
   * Writes a failed attempt, retrying a write that threw. A retry is safe: the write is fenced
   * by the lease token, so when an earlier try did land (only its answer was lost) the retry
   * changes nothing and reports the lease as lost rather than recording the error twice.
   * @returns whether the attempt was written, or `undefined` when every try threw (the job then
   * runs again once its lease expires, this attempt counted but its error not recorded).
   */
  private async writeFailure(params: JobFailParams, logger: Logger): Promise<boolean | undefined> {
    for (let failures = 0; ; failures += 1) {
      try {
        return await this.deps.storage.jobFail(params);
      } catch (storageError) {
        const pause = WRITE_RETRY_PAUSES_MS[failures];
        if (pause === undefined) {
          logger.error(
            { err: storageError, jobError: params.error },
            'failed attempt not written; the job runs again once its lease expires',
          );
          return undefined;
        }
        logger.warn({ err: storageError, retryInMs: pause }, 'writing the failed attempt failed; retrying');
        await delay(pause);
      }
    }
  }

  private eventBase(inFlight: InFlightJob): JobEventBase {
    const { job } = inFlight;
    return { jobId: job.id, name: job.name, queue: job.queue, attempt: job.attempts };
  }
}
