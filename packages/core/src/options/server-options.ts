import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { z } from 'zod';

import { systemClock, type Clock } from '../clock/clock.js';
import { checkedClock } from '../clock/storable-time.js';
import { ConfigInvalidError } from '../errors/config-errors.js';
import { JobRegistry } from '../jobs/job-registry.js';
import type { AnyJobDefinition } from '../jobs/job-definition.js';
import { createDefaultLogger } from '../logging/default-logger.js';
import type { Logger } from '../logging/logger.js';
import type { JobStorage } from '../storage/storage-contract.js';
import { assertQueueName, DEFAULT_QUEUE } from './names.js';
import { integer, parseOptions, type OptionLocator } from './option-rules.js';
import {
  schedulerOptionsSchema,
  withSchedulerDefaults,
  type ResolvedSchedulerOptions,
  type SchedulerOptions,
} from './scheduler-options.js';
import { queueOptionsSchema, withQueueDefaults, type QueueOptions, type ResolvedQueueOptions } from './queue-options.js';
import { clockSchema, jobsSchema, loggerSchema, storageSchema } from './shared-schemas.js';

/** The delimiter between the parts of server ids and lease tokens. */
export const ID_DELIMITER = ':*:';

/** Longest instance id. */
export const INSTANCE_ID_MAX_LENGTH = 128;

/**
 * `staleServerTimeoutMs` must be at least this many heartbeat intervals, so a live server can
 * miss a few beats (a slow database, a long pause) before its peers declare it dead.
 */
export const STALE_TIMEOUT_MIN_HEARTBEATS = 6;

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
   * Names this process in server ids, lease tokens, heartbeat rows and error records.
   * Rule: 1-128 characters, without `:*:`.
   * @defaultValue `${hostname}-${pid}-${6 random hex}` (the host name shortened to fit)
   */
  instanceId?: string;
  /**
   * The queues this server processes, by name, with their options.
   * Rule: at least one; names match the queue-name rule.
   * @defaultValue `{ default: {} }`
   */
  queues?: Record<string, QueueOptions>;
  /**
   * On `stop()`, how long running handlers may finish before their AbortSignal fires. `stop()`
   * itself returns within this plus 3 seconds, even when the storage stops answering (what it
   * abandons is logged). Rule: an integer between 0 and 3 600 000.
   * @defaultValue 30000
   */
  shutdownTimeoutMs?: number;
  /**
   * How often this server writes its heartbeat row, which tells its peers it is alive. The
   * heartbeat runs on its own timer, so a slow sweep never delays it.
   * Rule: an integer between 10 and 3 600 000.
   * @defaultValue 30000
   */
  heartbeatIntervalMs?: number;
  /**
   * A server whose last heartbeat is older than this (on the storage's clock) is declared dead;
   * any live server then returns the jobs it held to pending. Rule: an integer between 60 and
   * 86 400 000, and at least 6 × `heartbeatIntervalMs`.
   * @defaultValue 180000 (3 minutes), or 6 × `heartbeatIntervalMs` when that is larger
   */
  staleServerTimeoutMs?: number;
  /**
   * How often this server looks for dead servers and recovers their jobs.
   * Rule: an integer between 1 and 3 600 000.
   * @defaultValue `heartbeatIntervalMs`
   */
  staleSweepIntervalMs?: number;
  /**
   * The scheduler that turns due recurring schedules into jobs: `enabled`, `pollIntervalMs`,
   * `leadTimeMs`, `visibilityTimeoutMs`, `misfireThresholdMs` (see {@link SchedulerOptions}).
   * Rule: an object of scheduler options.
   * @defaultValue `{ enabled: true, pollIntervalMs: 5000, leadTimeMs: 15000, visibilityTimeoutMs: 60000, misfireThresholdMs: 60000 }`
   */
  scheduler?: SchedulerOptions;
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
  heartbeatIntervalMs: number;
  staleServerTimeoutMs: number;
  staleSweepIntervalMs: number;
  scheduler: ResolvedSchedulerOptions;
  clock: Clock;
}

/** Defaults of {@link AtomizerServerOptions} that do not depend on the environment. */
export const SERVER_DEFAULTS = {
  queues: { [DEFAULT_QUEUE]: {} },
  shutdownTimeoutMs: 30_000,
  heartbeatIntervalMs: 30_000,
  staleServerTimeoutMs: 180_000,
} as const satisfies Pick<
  Required<AtomizerServerOptions>,
  'queues' | 'shutdownTimeoutMs' | 'heartbeatIntervalMs' | 'staleServerTimeoutMs'
>;

const INSTANCE_ID_RULE = `must be 1-${INSTANCE_ID_MAX_LENGTH} characters without "${ID_DELIMITER}" or NUL characters`;

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
      .refine((id) => !id.includes('\u0000'), { error: INSTANCE_ID_RULE })
      .optional(),
    queues: z
      .record(z.string(), queueOptionsSchema, { error: 'must be an object of queue options by queue name' })
      .refine((queues) => Object.keys(queues).length > 0, { error: 'must name at least one queue' })
      .optional(),
    shutdownTimeoutMs: integer(0, 3_600_000).optional(),
    heartbeatIntervalMs: integer(10, 3_600_000).optional(),
    staleServerTimeoutMs: integer(60, 86_400_000).optional(),
    staleSweepIntervalMs: integer(1, 3_600_000).optional(),
    scheduler: schedulerOptionsSchema.optional(),
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

/**
 * `${hostname}-${pid}-${6 random hex}`, shortened to {@link INSTANCE_ID_MAX_LENGTH} and cleaned of
 * the delimiter. The random part keeps two containers that share a host name and a pid (often
 * pid 1) apart.
 */
export function defaultInstanceId(
  host: string = hostname(),
  pid: number = process.pid,
  random: string = randomBytes(3).toString('hex'),
): string {
  const suffix = `-${pid}-${random}`;
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
  const heartbeat = resolveHeartbeatTiming(parsed);

  return {
    storage: parsed.storage,
    registry: new JobRegistry(parsed.jobs, 'AtomizerServer jobs'),
    logger: parsed.logger ?? createDefaultLogger(),
    instanceId: parsed.instanceId ?? defaultInstanceId(),
    queues: queueEntries.map(([name, options]) => withQueueDefaults(name, options)),
    shutdownTimeoutMs: parsed.shutdownTimeoutMs ?? SERVER_DEFAULTS.shutdownTimeoutMs,
    ...heartbeat,
    scheduler: withSchedulerDefaults(parsed.scheduler, 'AtomizerServer'),
    clock: checkedClock(parsed.clock ?? systemClock, 'AtomizerServer'),
  };
}

/**
 * Applies the heartbeat defaults and checks the one rule that relates two options: a server is
 * declared dead only after it missed several beats in a row.
 */
function resolveHeartbeatTiming(parsed: {
  heartbeatIntervalMs?: number | undefined;
  staleServerTimeoutMs?: number | undefined;
  staleSweepIntervalMs?: number | undefined;
}): Pick<ResolvedServerOptions, 'heartbeatIntervalMs' | 'staleServerTimeoutMs' | 'staleSweepIntervalMs'> {
  const heartbeatIntervalMs = parsed.heartbeatIntervalMs ?? SERVER_DEFAULTS.heartbeatIntervalMs;
  const minimumTimeoutMs = STALE_TIMEOUT_MIN_HEARTBEATS * heartbeatIntervalMs;
  const staleServerTimeoutMs =
    parsed.staleServerTimeoutMs ?? Math.max(SERVER_DEFAULTS.staleServerTimeoutMs, minimumTimeoutMs);

  if (staleServerTimeoutMs < minimumTimeoutMs) {
    throw new ConfigInvalidError({
      where: 'AtomizerServer',
      option: 'staleServerTimeoutMs',
      rule:
        `must be at least ${STALE_TIMEOUT_MIN_HEARTBEATS} × heartbeatIntervalMs ` +
        `(${STALE_TIMEOUT_MIN_HEARTBEATS} × ${heartbeatIntervalMs} = ${minimumTimeoutMs}), so a live server can miss a few beats`,
      received: staleServerTimeoutMs,
    });
  }

  return {
    heartbeatIntervalMs,
    staleServerTimeoutMs,
    staleSweepIntervalMs: parsed.staleSweepIntervalMs ?? heartbeatIntervalMs,
  };
}
