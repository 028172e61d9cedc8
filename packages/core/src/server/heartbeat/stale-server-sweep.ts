import type { Logger } from '../../logging/logger.js';
import type { JobStorage, RecoveredServer } from '../../storage/storage-contract.js';

/** What a sweep needs. */
export interface StaleServerSweepParams {
  storage: JobStorage;
  /** The sweeping server, which never recovers itself. */
  serverId: string;
  staleServerTimeoutMs: number;
  logger: Logger;
}

/**
 * One sweep: claims every server whose heartbeat is older than `staleServerTimeoutMs` (on the
 * storage's clock) and returns the jobs it held, in every queue, to pending. The storage claims
 * and releases each dead server atomically, so a server that beat again in time keeps its jobs
 * and two sweepers never release the same server twice. Logs one line per recovered server.
 */
export async function sweepStaleServers(params: StaleServerSweepParams): Promise<RecoveredServer[]> {
  const { storage, serverId, staleServerTimeoutMs, logger } = params;

  const recovered = await storage.serverRecoverStale({
    staleAfterMs: staleServerTimeoutMs,
    exceptServerId: serverId,
  });

  for (const server of recovered) {
    // Every count the storage reports is logged, so what a storage releases besides jobs (the
    // schedules a dead server held, once schedules exist) shows up here without a change.
    const { serverId: deadServerId, ...released } = server;
    logger.info(
      { deadServerId, ...released, staleServerTimeoutMs },
      `recovered dead server ${deadServerId}: no heartbeat for over ${staleServerTimeoutMs} ms, released ${server.releasedJobs} jobs`,
    );
  }
  if (recovered.length === 0) logger.debug('stale-server sweep found no dead server');
  return recovered;
}
