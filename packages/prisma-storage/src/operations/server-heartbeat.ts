import type { ServerInfo } from '@atomizer/core';

import { classifyDatabaseError } from '../errors.js';
import type { StorageContext } from './storage-context.js';

/**
 * Writes a server's heartbeat stamped with the database clock, creating the row when it is
 * missing. Two statements after the clock read: an update, and only when that found no row, an
 * insert, which tells "registered" apart without a read.
 */
export function beatServer(context: StorageContext, info: ServerInfo): Promise<{ registered: boolean }> {
  return context.runner.run('serverHeartbeat', async () => {
    const { prisma } = context;
    const lastHeartbeatAt = await context.dialect.databaseNow(prisma);
    const data = {
      instanceId: info.instanceId,
      host: info.host,
      pid: info.pid,
      startedAt: info.startedAt,
      lastHeartbeatAt,
      queues: JSON.stringify(info.queues),
    };

    const { count } = await prisma.atomizerServer.updateMany({ where: { serverId: info.serverId }, data });
    if (count > 0) return { registered: false };

    try {
      await prisma.atomizerServer.create({ data: { serverId: info.serverId, ...data }, select: { serverId: true } });
      return { registered: true };
    } catch (error) {
      if (classifyDatabaseError(error).kind !== 'unique-violation') throw error;

      // A concurrent beat of the same server inserted the row between our two statements.
      await prisma.atomizerServer.updateMany({ where: { serverId: info.serverId }, data });
      return { registered: false };
    }
  });
}
