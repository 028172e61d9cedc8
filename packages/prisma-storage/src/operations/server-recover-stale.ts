import type { RecoveredServer, ServerRecoverStaleParams } from '@atomizer/core';

import { transactionOptions, type StorageContext } from './storage-context.js';

/**
 * Claims every stale server but the caller, returns its processing jobs to pending and frees
 * the schedules its scheduler held.
 *
 * Staleness is judged on the database clock, the clock that stamped the heartbeats, so hosts'
 * clocks never matter. Each server is claimed in its own transaction by a conditional delete
 * (still stale at this moment?) and its jobs are released only when that delete removed the
 * row: a server that beat again in between keeps its jobs, and of two racing sweepers only the
 * one whose delete succeeded releases them. Jobs are matched by owner with equality, so ids that
 * look alike (`a_b`, `axb`, `a%b`) never match each other.
 */
export async function recoverStaleServers(
  context: StorageContext,
  params: ServerRecoverStaleParams,
): Promise<RecoveredServer[]> {
  const { prisma, runner } = context;
  const { now, stale } = await runner.run('serverRecoverStale', async () => {
    const databaseNow = await context.dialect.databaseNow(prisma);
    const cutoff = new Date(databaseNow.getTime() - params.staleAfterMs);
    const servers = await prisma.atomizerServer.findMany({
      where: { lastHeartbeatAt: { lt: cutoff }, serverId: { not: params.exceptServerId } },
      orderBy: [{ lastHeartbeatAt: 'asc' }, { serverId: 'asc' }],
    });
    return { now: databaseNow, stale: servers.map((server) => ({ serverId: server.serverId, cutoff })) };
  });

  const recovered: RecoveredServer[] = [];
  for (const { serverId, cutoff } of stale) {
    const claimed = await runner.run('serverRecoverStale', () =>
      prisma.$transaction(async (tx) => {
        // A write first, which also takes SQLite's write lock up front (see failJob).
        const removed = await tx.atomizerServer.deleteMany({ where: { serverId, lastHeartbeatAt: { lt: cutoff } } });
        if (removed.count !== 1) return undefined;

        const released = await tx.atomizerJob.updateMany({
          where: { leaseOwner: serverId, status: 'processing' },
          data: { status: 'pending', leaseToken: null, leaseOwner: null, availableAt: now, updatedAt: now },
        });
        // Its scheduler leases too, so another scheduler takes its schedules at the next poll.
        const releasedSchedules =
          tx.atomizerSchedule === undefined
            ? 0
            : (
                await tx.atomizerSchedule.updateMany({
                  where: { leaseOwner: serverId },
                  data: { leaseToken: null, leaseOwner: null, leaseExpiresAt: null },
                })
              ).count;
        return { serverId, releasedJobs: released.count, releasedSchedules };
      }, transactionOptions(context)),
    );
    if (claimed !== undefined) recovered.push(claimed);
  }
  return recovered;
}
