/**
 * `@atomizer/core`: jobs, queues, leases, retries and the storage contract.
 * Named exports only; everything not listed here is internal.
 */

// ---- storage contract and the in-memory storage --------------------------------------------
export { JOB_STATUSES } from './storage/storage-contract.js';
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
export { MISFIRE_POLICIES } from './schedules/occurrence-plan.js';
export type { MisfirePolicy } from './schedules/occurrence-plan.js';
export type { RecurringJobOptions } from './schedules/recurring-job-options.js';

// ---- errors --------------------------------------------------------------------------------
export { JobQueueError } from './errors/job-queue-error.js';
export type { JobQueueErrorOptions } from './errors/job-queue-error.js';
export { ConfigInvalidError } from './errors/config-errors.js';
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
