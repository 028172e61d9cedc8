import { z } from 'zod';

import { systemClock, type Clock } from '../clock/clock.js';
import { checkedClock } from '../clock/storable-time.js';
import { JobRegistry } from '../jobs/job-registry.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';
import { createDefaultLogger } from '../logging/default-logger.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import { fixedLocation, integer, parseOptions } from './option-rules.js';
import { clockSchema, jobsSchema, loggerSchema, storageSchema } from './shared-schemas.js';

/** Options of `new AtomizerClient(...)`. */
export interface AtomizerClientOptions {
  /** Where jobs are stored. Rule: required; a JobStorage. */
  storage: JobStorage;
  /** The job definitions this client may enqueue. Rule: required; at least one; unique names. */
  jobs: readonly AnyJobDefinition[];
  /**
   * Where the client logs. Rule: pino-compatible.
   * @defaultValue pino at the level in `ATOMIZER_LOG_LEVEL`, else `info`
   */
  logger?: Logger;
  /**
   * Largest payload accepted, as UTF-8 bytes of its JSON text.
   * Rule: an integer between 1 and 268 435 456 (256 MiB).
   * @defaultValue 1048576 (1 MiB)
   */
  maxPayloadBytes?: number;
  /**
   * Time source for `runAt`, `createdAt` and delays. Rule: an object with `now()`; a reading
   * that is not a valid Date between 1970 and 9999-12-31 fails the call that read it.
   * @defaultValue the wall clock
   */
  clock?: Clock;
}

/** Client options with every default applied. */
export interface ResolvedClientOptions {
  storage: JobStorage;
  registry: JobRegistry;
  logger: Logger;
  maxPayloadBytes: number;
  clock: Clock;
}

/** Defaults of {@link AtomizerClientOptions} that do not depend on the environment. */
export const CLIENT_DEFAULTS = {
  maxPayloadBytes: 1_048_576,
} as const satisfies Pick<Required<AtomizerClientOptions>, 'maxPayloadBytes'>;

const clientOptionsSchema = z.strictObject(
  {
    storage: storageSchema,
    jobs: jobsSchema,
    logger: loggerSchema.optional(),
    maxPayloadBytes: integer(1, 268_435_456).optional(),
    clock: clockSchema.optional(),
  },
  { error: 'must be an object' },
);

/**
 * Validates `new AtomizerClient(...)` options and applies defaults.
 * @throws ConfigInvalidError or JobNameDuplicateError
 */
export function resolveClientOptions(input: unknown): ResolvedClientOptions {
  const parsed = parseOptions(clientOptionsSchema, input, fixedLocation('AtomizerClient'));

  return {
    storage: parsed.storage,
    registry: new JobRegistry(parsed.jobs, 'AtomizerClient jobs'),
    logger: parsed.logger ?? createDefaultLogger(),
    maxPayloadBytes: parsed.maxPayloadBytes ?? CLIENT_DEFAULTS.maxPayloadBytes,
    clock: checkedClock(parsed.clock ?? systemClock, 'AtomizerClient'),
  };
}
