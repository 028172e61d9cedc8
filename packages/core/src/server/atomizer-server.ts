import { ServerStateError } from '../errors/server-errors.js';
import type { Logger } from '../logging/logger.js';
import {
  resolveServerOptions,
  type AtomizerServerOptions,
  type ResolvedServerOptions,
} from '../options/server-options.js';
import type { ServerInfo } from '../storage/storage-contract.js';
import { CompletionBatcher } from './completion-batcher.js';
import { ABORT_SETTLE_MS, SHUTDOWN_STORAGE_MARGIN_MS, shutDownGracefully, stopLeasing } from './graceful-shutdown.js';
import { ServerHeartbeat } from './heartbeat/server-heartbeat.js';
import { Scheduler } from '../schedules/scheduler.js';
import { JobRunner } from './job-runner.js';
import { QueuePump } from './queue-pump.js';
import { ServerEvents } from './server-events.js';
import { newServerIdentity, serverInfoOf, type ServerIdentity } from './server-identity.js';
import { ShutdownDeadline } from './shutdown-deadline.js';
import { warnAboutUnservedJobQueues } from './unserved-job-queues.js';

/** Lifecycle of a server: `idle → starting → running → stopping → stopped` (and may start again). */
export type ServerState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What one incarnation (one `start()`) of a server runs. */
interface Incarnation {
  identity: ServerIdentity;
  info: ServerInfo;
  logger: Logger;
  pumps: QueuePump[];
  batchers: CompletionBatcher[];
  /** Set once the first beat was written; absent when start failed before that. */
  heartbeat?: ServerHeartbeat;
  /** Absent when `scheduler.enabled` is false. */
  scheduler?: Scheduler;
}

/**
 * Processes jobs: one pump per configured queue leases due jobs and runs them in bounded
 * worker slots; outcomes are written under each job's lease token, so a server that lost a
 * lease never overwrites its new owner. `stop()` drains gracefully.
 *
 * @example
 * const server = new AtomizerServer({ storage, jobs: [hashFile], queues: { files: { parallelism: 8 } } });
 * server.events.on('job:failed', (event) => alert(event));
 * await server.start();
 * process.on('SIGTERM', () => void server.stop());
 */
export class AtomizerServer {
  /** Typed job events: `job:completed`, `job:retrying`, `job:failed`, `job:lease-lost`. */
  readonly events: ServerEvents;

  private readonly options: ResolvedServerOptions;
  private state: ServerState = 'idle';
  private incarnation: Incarnation | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  /** @throws ConfigInvalidError, QueueNameInvalidError or JobNameDuplicateError for invalid options */
  constructor(options: AtomizerServerOptions) {
    this.options = resolveServerOptions(options);
    this.events = new ServerEvents((name, error) =>
      (this.incarnation?.logger ?? this.options.logger).error(
        { err: error, event: name },
        'a server event listener threw; processing goes on',
      ),
    );
  }

  /** Where the server is in its lifecycle. */
  getState(): ServerState {
    return this.state;
  }

  /** The id of the current incarnation (new at every start); `undefined` before the first start. */
  getServerId(): string | undefined {
    return this.incarnation?.identity.serverId;
  }

  /**
   * Starts processing every configured queue.
   * @throws ServerStateError when already starting, running or stopping
   */
  async start(): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'stopped') throw new ServerStateError('start()', this.state);
    this.state = 'starting';
    this.starting = this.startIncarnation();
    try {
      await this.starting;
      this.state = 'running';
    } catch (error) {
      this.state = 'stopped';
      throw error;
    } finally {
      this.starting = undefined;
    }
  }

  /**
   * Stops gracefully: stops leasing, lets running jobs finish for up to `shutdownTimeoutMs`,
   * then aborts them, writes pending completions and releases every job it still holds.
   * Resolves once nothing is held, or at the latest `shutdownTimeoutMs` + 3 s after the call:
   * storage calls still unanswered then are abandoned and logged with their job ids and lease
   * tokens (those jobs return once their lease expires). Calling it again returns the same promise; calling it on a
   * server that never started does nothing.
   */
  stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    if (this.state === 'idle' || this.state === 'stopped') return Promise.resolve();

    this.stopping = this.stopIncarnation().finally(() => {
      this.state = 'stopped';
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async startIncarnation(): Promise<void> {
    const { registry, storage, clock, queues } = this.options;
    const identity = newServerIdentity(this.options.instanceId);
    const logger = this.options.logger.child({ serverId: identity.serverId });
    const info = serverInfoOf(identity, clock.now(), queues.map((queue) => queue.name));
    const incarnation: Incarnation = { identity, info, logger, pumps: [], batchers: [] };
    this.incarnation = incarnation;
    warnAboutUnservedJobQueues(registry, info.queues, logger);

    for (const queue of queues) {
      const queueLogger = logger.child({ queue: queue.name });
      const batcher = new CompletionBatcher({ storage, clock, logger: queueLogger, maxGroupSize: queue.batchSize });
      const runner = new JobRunner({
        storage,
        clock,
        registry,
        queue,
        serverId: identity.serverId,
        logger: queueLogger,
        events: this.events,
        batcher,
      });
      incarnation.batchers.push(batcher);
      incarnation.pumps.push(
        new QueuePump({ queue, storage, clock, serverId: identity.serverId, logger: queueLogger, runner }),
      );
    }

    // The first beat is written before the first pump leases, so no job is ever held by a
    // server without a heartbeat row (a peer could not tell it died). A failed first beat
    // fails start(): nothing was leased yet.
    const heartbeat = new ServerHeartbeat({
      storage,
      info,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      staleServerTimeoutMs: this.options.staleServerTimeoutMs,
      staleSweepIntervalMs: this.options.staleSweepIntervalMs,
      logger,
    });
    await heartbeat.start();
    incarnation.heartbeat = heartbeat;

    for (const pump of incarnation.pumps) pump.start();
    incarnation.scheduler = this.startScheduler(incarnation);
    logger.info(
      { instanceId: identity.instanceId, queues: info.queues, jobs: registry.names() },
      'server started',
    );
  }

  private async stopIncarnation(): Promise<void> {
    if (this.starting !== undefined) await this.starting.catch(() => undefined);
    const incarnation = this.incarnation;
    if (incarnation === undefined) return;
    this.state = 'stopping';
    incarnation.logger.info({ shutdownTimeoutMs: this.options.shutdownTimeoutMs }, 'server stopping');

    // Every wait below is bounded, so a storage call that never answers cannot hang stop().
    const { shutdownTimeoutMs } = this.options;
    const deadline = new ShutdownDeadline(shutdownTimeoutMs + ABORT_SETTLE_MS + SHUTDOWN_STORAGE_MARGIN_MS);
    const leasingStopped = stopLeasing(incarnation.pumps, deadline, incarnation.logger);

    // Leasing stops at once (above). The scheduler goes before the drain: it only enqueues, and
    // its leases are released for another server.
    const scheduler = incarnation.scheduler;
    if (scheduler !== undefined && !(await deadline.settles(scheduler.stop(), SHUTDOWN_STORAGE_MARGIN_MS))) {
      incarnation.logger.error(
        { leaseToken: scheduler.heldLeaseToken() ?? null },
        'scheduler stop abandoned on shutdown: the storage did not answer in time; its schedules return after their visibility timeout',
      );
    }

    await shutDownGracefully({
      pumps: incarnation.pumps,
      batchers: incarnation.batchers,
      storage: this.options.storage,
      clock: this.options.clock,
      logger: incarnation.logger,
      shutdownTimeoutMs,
      deadline,
      leasingStopped,
    });

    // Beats went on while the queues drained (a long drain must not look like a death). Only
    // now, with every held job written or released, do both loops stop; the row goes last.
    const heartbeat = incarnation.heartbeat;
    if (heartbeat !== undefined && !(await deadline.settles(heartbeat.stop()))) {
      incarnation.logger.error(
        { staleServerTimeoutMs: this.options.staleServerTimeoutMs },
        'heartbeat stop abandoned on shutdown: the storage did not answer in time; peers remove this server\'s row once it is stale',
      );
    }

    incarnation.logger.info('server stopped');
  }

  /** Starts the scheduler, after the first heartbeat so its leases have a live owner row. */
  private startScheduler(incarnation: Incarnation): Scheduler | undefined {
    const { storage, clock, scheduler: options } = this.options;
    if (!options.enabled) return undefined;

    const scheduler = new Scheduler({
      storage,
      clock,
      serverId: incarnation.identity.serverId,
      logger: incarnation.logger,
      options,
    });
    scheduler.start();
    return scheduler;
  }
}
