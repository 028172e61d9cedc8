import type { z } from 'zod';

import { resolveJobDefinitionOptions, type DefineJobOptions } from '../options/job-definition-options.js';
import { JOB_DEFINITION_BRAND, type JobDefinition } from './job-definition.js';

/**
 * Defines a kind of job: a name, a zod schema for its payload and the handler that runs it.
 * The handler's payload type follows from the schema.
 *
 * @example
 * const hashFile = defineJob({
 *   name: 'hash-file',
 *   schema: z.object({ path: z.string() }),
 *   async handler({ path }, { signal }) { await hash(path, { signal }); },
 * });
 * @throws ConfigInvalidError, JobNameInvalidError or QueueNameInvalidError for invalid options
 */
export function defineJob<S extends z.ZodType>(options: DefineJobOptions<S>): JobDefinition<S> {
  const resolved = resolveJobDefinitionOptions(options);
  const handler = options.handler;

  return Object.freeze({
    [JOB_DEFINITION_BRAND]: true as const,
    name: resolved.name,
    schema: options.schema,
    queue: resolved.queue,
    maxAttempts: resolved.maxAttempts,
    handler(payload: z.output<S>, context: Parameters<typeof handler>[1]) {
      return handler(payload, context);
    },
  });
}
