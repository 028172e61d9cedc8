import { hostname } from 'node:os';

import { z } from 'zod';

import { systemClock, type Clock } from '../clock/clock.js';
import { JobRegistry } from '../jobs/job-registry.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';
import { createDefaultLogger } from '../logging/default-logger.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import { assertQueueName, DEFAULT_QUEUE } from './names.js';
import { integer, parseOptions, type OptionLocator } from './option-rules.js';
import { queueOptionsSchema, withQueueDefaults, type QueueOptions, type ResolvedQueueOptions } from './queue-options.js';
import { clockSchema, jobsSchema, loggerSchema, storageSchema } from './shared-schemas.js';

/** The delimiter between the parts of server ids and lease tokens. */
export const ID_DELIMITER = ':*:';

/** Longest instance id. */
export const INSTANCE_ID_MAX_LENGTH = 128;

/** Options of `new AtomizerServer(...)`. */
export interface AtomizerServerOptions {
  /** Where jobs are leased from and written back to. Rule: required; a JobStorage. */
  storage: JobStorage;
  /** The job definitions this server can run. Rule: required; at least one; unique names. */
  jobs: readonly AnyJobDefinition[];
  /**
   * Where the server logs. Rule: pino-compatible.
   * @defaultValue pino at the level in `ATOMIZER_LOG_LEVEL`, else `info`
   */
  logger?: Logger;
  /**
   * Names this process in server ids, lease tokens and error records.
   * Rule: 1-128 characters, without `:*:`.
   * @defaultValue `${hostname}-${pid}` (the host name shortened to fit)
   */
  instanceId?: string;
  /**
   * The queues this server processes, by name, with their options.
   * Rule: at least one; names match the queue-name rule.
   * @defaultValue `{ default: {} }`
   */
  queues?: Record<string, QueueOptions>;
  /**
   * On `stop()`, how long running handlers may finish before their AbortSignal fires.
   * Rule: an integer between 0 and 3 600 000.
   * @defaultValue 30000
   */
  shutdownTimeoutMs?: number;
  /**
   * Time source for lease, retry and completion times (timers still use real time).
   * Rule: an object with `now()`.
   * @defaultValue the wall clock
   */
  clock?: Clock;
}

/** Server options with every default applied. */
export interface ResolvedServerOptions {
  storage: JobStorage;
  registry: JobRegistry;
  logger: Logger;
  instanceId: string;
  queues: ResolvedQueueOptions[];
  shutdownTimeoutMs: number;
  clock: Clock;
}

/** Defaults of {@link AtomizerServerOptions} that do not depend on the environment. */
export const SERVER_DEFAULTS = {
  queues: { [DEFAULT_QUEUE]: {} },
  shutdownTimeoutMs: 30_000,
} as const satisfies Pick<Required<AtomizerServerOptions>, 'queues' | 'shutdownTimeoutMs'>;

const INSTANCE_ID_RULE = `must be 1-${INSTANCE_ID_MAX_LENGTH} characters without "${ID_DELIMITER}"`;

const serverOptionsSchema = z.strictObject(
  {
    storage: storageSchema,
    jobs: jobsSchema,
    logger: loggerSchema.optional(),
    instanceId: z
      .string({ error: INSTANCE_ID_RULE })
      .min(1, { error: INSTANCE_ID_RULE })
      .max(INSTANCE_ID_MAX_LENGTH, { error: INSTANCE_ID_RULE })
      .refine((id) => !id.includes(ID_DELIMITER), { error: INSTANCE_ID_RULE })
      .optional(),
    queues: z
      .record(z.string(), queueOptionsSchema, { error: 'must be an object of queue options by queue name' })
      .refine((queues) => Object.keys(queues).length > 0, { error: 'must name at least one queue' })
      .optional(),
    shutdownTimeoutMs: integer(0, 3_600_000).optional(),
    clock: clockSchema.optional(),
  },
  { error: 'must be an object' },
);

/** `queues.files.pollIntervalMs` reads as `queue "files": pollIntervalMs`. */
const locateServerOption: OptionLocator = (path) => {
  if (path[0] === 'queues' && path.length > 2) {
    return { where: `AtomizerServer queue "${String(path[1])}"`, option: path.slice(2).map(String).join('.') };
  }
  return { where: 'AtomizerServer', option: path.map(String).join('.') };
};

/** `${hostname}-${pid}`, shortened to {@link INSTANCE_ID_MAX_LENGTH} and cleaned of the delimiter. */
export function defaultInstanceId(host: string = hostname(), pid: number = process.pid): string {
  const suffix = `-${pid}`;
  const safeHost = host.split(ID_DELIMITER).join('_') || 'host';
  return `${safeHost.slice(0, INSTANCE_ID_MAX_LENGTH - suffix.length)}${suffix}`;
}

/**
 * Validates `new AtomizerServer(...)` options and applies defaults.
 * @throws ConfigInvalidError, QueueNameInvalidError or JobNameDuplicateError
 */
export function resolveServerOptions(input: unknown): ResolvedServerOptions {
  const parsed = parseOptions(serverOptionsSchema, input, locateServerOption);

  const queueEntries = Object.entries(parsed.queues ?? SERVER_DEFAULTS.queues);
  for (const [name] of queueEntries) assertQueueName(name, 'AtomizerServer queues');

  return {
    storage: parsed.storage,
    registry: new JobRegistry(parsed.jobs, 'AtomizerServer jobs'),
    logger: parsed.logger ?? createDefaultLogger(),
    instanceId: parsed.instanceId ?? defaultInstanceId(),
    queues: queueEntries.map(([name, options]) => withQueueDefaults(name, options)),
    shutdownTimeoutMs: parsed.shutdownTimeoutMs ?? SERVER_DEFAULTS.shutdownTimeoutMs,
    clock: parsed.clock ?? systemClock,
  };
}
