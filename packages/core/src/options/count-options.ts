import { z } from 'zod';

import { assertQueueName } from './names.js';
import { fixedLocation, parseOptions } from './option-rules.js';

/** Parameters of `client.countJobs(...)`. */
export interface CountJobsParams {
  /**
   * Count only this queue's jobs. Rule: a valid queue name.
   * @defaultValue every queue
   */
  queue?: string;
}

const countJobsSchema = z.strictObject({ queue: z.unknown().optional() }, { error: 'must be an object' });

/**
 * Validates the parameters of `countJobs`, so a bad queue name fails the same way on every
 * storage instead of silently counting nothing.
 * @throws ConfigInvalidError or QueueNameInvalidError
 */
export function resolveCountJobsParams(input: unknown): { queue?: string } {
  const where = 'countJobs';
  const parsed = parseOptions(countJobsSchema, input ?? {}, fixedLocation(where));
  if (parsed.queue === undefined) return {};

  assertQueueName(parsed.queue, where);
  return { queue: parsed.queue };
}
