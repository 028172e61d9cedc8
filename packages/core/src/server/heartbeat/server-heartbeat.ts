import type { Logger } from '../../logging/logger.js';
import type { JobStorage, ServerInfo } from '../../storage/storage-contract.js';
import { RepeatingTask } from './repeating-task.js';
import { sweepStaleServers } from './stale-server-sweep.js';

/** What a server's heartbeat needs. */
export interface ServerHeartbeatParams {
  storage: JobStorage;
  /** What this incarnation announces; its `serverId` names the heartbeat row. */
  info: ServerInfo;
  heartbeatIntervalMs: number;
  staleServerTimeoutMs: number;
  staleSweepIntervalMs: number;
  /** The server's logger (carries `serverId`). */
  logger: Logger;
}

/**
 * Keeps one server incarnation visibly alive and recovers the dead ones. Two independent loops:
 * the heartbeat writes this server's row every `heartbeatIntervalMs`; the sweep, every
 * `staleSweepIntervalMs`, frees the jobs of servers whose row went stale. Separate timers, so
 * a slow or rare sweep never delays a beat (a delayed beat could make a healthy server look
 * dead to its peers).
 *
 * Lifecycle, as the server drives it: `start()` writes the first beat before any job is
 * leased, so a job is never held by a server without a row; `stop()` runs after the queues
 * drained (beats go on meanwhile), stops and awaits both loops, and only then removes the row,
 * so no late beat can re-create it.
 */
export class ServerHeartbeat {
  private readonly params: ServerHeartbeatParams;
  private readonly heartbeat: RepeatingTask;
  private readonly sweep: RepeatingTask;

  constructor(params: ServerHeartbeatParams) {
    this.params = params;
    this.heartbeat = new RepeatingTask({
      name: 'heartbeat',
      intervalMs: params.heartbeatIntervalMs,
      run: () => this.beat(),
      logger: params.logger,
    });
    this.sweep = new RepeatingTask({
      name: 'stale-server sweep',
      intervalMs: params.staleSweepIntervalMs,
      run: async () => {
        await sweepStaleServers({
          storage: params.storage,
          serverId: params.info.serverId,
          staleServerTimeoutMs: params.staleServerTimeoutMs,
          logger: params.logger,
        });
      },
      logger: params.logger,
    });
  }

  /**
   * Writes the first heartbeat, then starts both loops (the first sweep runs at once).
   * @throws whatever the storage threw when the first beat could not be written; no loop runs then
   */
  async start(): Promise<void> {
    await this.params.storage.serverHeartbeat(this.params.info);
    this.heartbeat.start(this.params.heartbeatIntervalMs);
    this.sweep.start(0);
  }

  /**
   * Stops both loops, waits for a beat or sweep under way, then removes this server's row. A
   * failed removal is logged, not thrown: the row then looks dead after `staleServerTimeoutMs`
   * and a peer removes it (this server holds no jobs any more, so nothing is released twice).
   */
  async stop(): Promise<void> {
    await Promise.all([this.heartbeat.stop(), this.sweep.stop()]);

    const { storage, info, logger, staleServerTimeoutMs } = this.params;
    try {
      await storage.serverRemove({ serverId: info.serverId });
    } catch (error) {
      logger.warn(
        { err: error, staleServerTimeoutMs },
        'removing this server\'s heartbeat row failed; peers remove it once it is stale',
      );
    }
  }

  private async beat(): Promise<void> {
    const { registered } = await this.params.storage.serverHeartbeat(this.params.info);
    if (!registered) return;

    // The row was gone: a peer saw no beat for staleServerTimeoutMs (a long pause, a database
    // outage) and released this server's jobs. Handlers still running here lose their leases
    // (their writes are fenced); the beat above registered this server again.
    this.params.logger.warn(
      { staleServerTimeoutMs: this.params.staleServerTimeoutMs },
      'this server\'s heartbeat row was missing: a peer declared it dead and released its jobs; registered again',
    );
  }
}
