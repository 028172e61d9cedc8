/**
 * `@atomizer/core`: jobs, queues, leases, retries and the storage contract.
 * Named exports only; everything not listed here is internal.
 */

// ---- jobs, client, server -------------------------------------------------------------------
export { defineJob } from './jobs/define-job.js';
export type { AnyJobDefinition, JobContext, JobDefinition } from './jobs/job-definition.js';
export { AtomizerClient } from './client/atomizer-client.js';
export { AtomizerServer } from './server/atomizer-server.js';
export type { ServerState } from './server/atomizer-server.js';
export { ServerEvents } from './server/server-events.js';
export type {
  JobCompletedEvent,
  JobEventBase,
  JobFailedEvent,
  JobLeaseLostEvent,
  JobRetryingEvent,
  ServerEventMap,
  ServerEventName,
} from './server/server-events.js';

// ---- options and retry policies -------------------------------------------------------------
export type { AtomizerClientOptions } from './options/client-options.js';
export { CLIENT_DEFAULTS } from './options/client-options.js';
export type { AtomizerServerOptions } from './options/server-options.js';
export { SERVER_DEFAULTS } from './options/server-options.js';
export type { QueueOptions } from './options/queue-options.js';
export { QUEUE_DEFAULTS } from './options/queue-options.js';
export type { EnqueueOptions, ScheduledEnqueueOptions } from './options/enqueue-options.js';
export type { CountJobsParams } from './options/count-options.js';
export type { DefineJobOptions } from './options/job-definition-options.js';
export { DEFAULT_QUEUE, JOB_NAME_PATTERN, QUEUE_NAME_PATTERN } from './options/names.js';
export { DEFAULT_RETRY_POLICY } from './retry/retry-policy.js';
export type {
  ExponentialRetryPolicy,
  FixedRetryPolicy,
  IntervalsRetryPolicy,
  RetryPolicy,
} from './retry/retry-policy.js';
export { retryDelayMs, policyMaxAttempts } from './retry/retry-delay.js';

// ---- logging --------------------------------------------------------------------------------
export { createDefaultLogger } from './logging/default-logger.js';
export type { LogFields, Logger, LogMethod } from './logging/logger.js';

// ---- storage contract and the in-memory storage --------------------------------------------
export { JOB_STATUSES, MAX_ATTEMPTS_FROM_QUEUE_POLICY } from './storage/storage-contract.js';
export type {
  JobCompleteParams,
  JobCounts,
  JobDetails,
  JobErrorRecord,
  JobFailParams,
  JobInsertParams,
  JobInsertResult,
  JobLeaseParams,
  JobRecord,
  JobReleaseParams,
  JobStatus,
  JobStorage,
  RecoveredServer,
  ServerInfo,
  ServerRecord,
  ServerRecoverStaleParams,
  StorageCallContext,
} from './storage/storage-contract.js';
export { InMemoryStorage } from './storage/in-memory-storage.js';
export type { InMemoryStorageOptions } from './storage/in-memory-storage.js';

// ---- time ----------------------------------------------------------------------------------
export { systemClock } from './clock/clock.js';
export type { Clock } from './clock/clock.js';

// ---- recurring schedules -------------------------------------------------------------------
export { CronPresets, parseCron } from './schedules/cron-expression.js';
export type { CronSchedule, ParseCronOptions } from './schedules/cron-expression.js';
export { MISFIRE_POLICIES } from './storage/storage-contract.js';
export type {
  MisfirePolicy,
  ScheduleAdvanceParams,
  ScheduleAdvanceResult,
  ScheduleLeaseDueParams,
  ScheduleRecord,
  ScheduleReleaseParams,
  ScheduleSetEnabledParams,
  ScheduleStorage,
  ScheduleUpsertParams,
  ScheduleUpsertResult,
} from './storage/storage-contract.js';
export type { RecurringJobOptions } from './schedules/recurring-job-options.js';
export { SCHEDULE_IDEMPOTENCY_KEY_PREFIX } from './schedules/schedule-key.js';

// ---- errors --------------------------------------------------------------------------------
export { JobQueueError } from './errors/job-queue-error.js';
export type { JobQueueErrorOptions } from './errors/job-queue-error.js';
export { ClockInvalidError, ConfigInvalidError } from './errors/config-errors.js';
export {
  JobAbortedError,
  JobAttemptsExhaustedError,
  JobKeyInvalidError,
  JobNameDuplicateError,
  JobNameInvalidError,
  JobNotRegisteredError,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobPayloadTooLargeError,
} from './errors/job-errors.js';
export type { PayloadIssue } from './errors/job-errors.js';
export { QueueNameInvalidError } from './errors/queue-errors.js';
export { ServerStateError } from './errors/server-errors.js';
export { StorageTransactionUnsupportedError } from './errors/storage-errors.js';
export {
  ScheduleCronInvalidError,
  ScheduleKeyInvalidError,
  ScheduleNotFoundError,
} from './errors/schedule-errors.js';
export { InternalError } from './errors/internal-error.js';
