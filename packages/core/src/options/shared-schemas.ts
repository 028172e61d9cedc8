import { z } from 'zod';

import type { Clock } from '../clock/clock.js';
import { isJobDefinition, type AnyJobDefinition } from '../jobs/job-definition.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import { withMethods } from './option-rules.js';

/** Methods every storage has; checked so a wrong object fails at construction, not at first use. */
const STORAGE_METHODS = [
  'jobCount',
  'jobComplete',
  'jobFail',
  'jobGet',
  'jobInsert',
  'jobLease',
  'jobRelease',
  'serverHeartbeat',
  'serverList',
  'serverRecoverStale',
  'serverRemove',
] as const;

/** A {@link JobStorage}. */
export const storageSchema = withMethods<JobStorage>(
  STORAGE_METHODS,
  'must implement JobStorage (e.g. new InMemoryStorage() or a PrismaStorage)',
);

/** A pino-compatible {@link Logger}. */
export const loggerSchema = withMethods<Logger>(
  ['debug', 'info', 'warn', 'error', 'child'],
  'must be a pino-compatible logger (debug, info, warn, error, child)',
);

/** A {@link Clock}. */
export const clockSchema = withMethods<Clock>(['now'], 'must be a clock with a now() method');

/** A non-empty list of `defineJob` results. */
export const jobsSchema = z
  .array(
    z.custom<AnyJobDefinition>(isJobDefinition, { error: 'must be a job definition made by defineJob' }),
    { error: 'must be an array of job definitions made by defineJob' },
  )
  .min(1, { error: 'must list at least one job definition' });
