import { z } from 'zod';

import { JobNameInvalidError } from '../errors/job-errors.js';
import type { JobContext } from '../jobs/job-definition.js';
import { MAX_ATTEMPTS_LIMIT } from '../retry/retry-policy.js';
import { assertQueueName, JOB_NAME_PATTERN, JOB_NAME_RULE } from './names.js';
import { fixedLocation, integer, parseOptions } from './option-rules.js';

/** What `defineJob` takes. */
export interface DefineJobOptions<S extends z.ZodType> {
  /** Unique job name, stored with each job. Rule: {@link JOB_NAME_PATTERN}. */
  name: string;
  /** Zod schema of the payload. Rule: a zod schema. */
  schema: S;
  /**
   * Queue for jobs enqueued without one. Rule: a valid queue name.
   * @defaultValue `'default'`
   */
  queue?: string;
  /**
   * Executions allowed in total, the first included. Rule: an integer between 1 and 1000.
   * @defaultValue the `maxAttempts` of the retry policy of the queue that runs the job
   */
  maxAttempts?: number;
  /**
   * Runs one execution. Rule: a function. Returning completes the job, throwing fails the
   * attempt; once shutdown aborted `context.signal`, throw `context.signal.reason` (or anything)
   * to release the job for another server: returning then still completes it.
   */
  handler(payload: z.output<S>, context: JobContext): Promise<void> | void;
}

const defineJobSchema = z.strictObject({
  name: z.string({ error: JOB_NAME_RULE }),
  schema: z.custom<z.ZodType>((value) => value instanceof z.ZodType, {
    error: 'must be a zod schema',
  }),
  queue: z.string({ error: 'must be a string' }).optional(),
  maxAttempts: integer(1, MAX_ATTEMPTS_LIMIT).optional(),
  handler: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', {
    error: 'must be a function',
  }),
});

/** The validated fields of a job definition. */
export interface ResolvedJobDefinition {
  name: string;
  queue: string | undefined;
  maxAttempts: number | undefined;
}

/** Validates `defineJob` options; throws a `JobQueueError` naming the option and value. */
export function resolveJobDefinitionOptions(input: unknown): ResolvedJobDefinition {
  const name = (input as { name?: unknown } | null)?.name;
  const where = typeof name === 'string' ? `defineJob "${name}"` : 'defineJob';
  const parsed = parseOptions(defineJobSchema, input, fixedLocation(where));

  if (!JOB_NAME_PATTERN.test(parsed.name)) {
    throw new JobNameInvalidError(parsed.name, JOB_NAME_RULE);
  }
  if (parsed.queue !== undefined) assertQueueName(parsed.queue, where);

  return { name: parsed.name, queue: parsed.queue, maxAttempts: parsed.maxAttempts };
}
