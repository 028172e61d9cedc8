/**
 * A worker process for dead-worker-recovery.int.test.ts: one AtomizerServer over the test's
 * database, in its own process so the test can SIGKILL it. Started by `forkRecoveryWorker`
 * (recovery-worker-process.ts) with `node --import jiti/register`, since the generated Prisma
 * clients are TypeScript.
 *
 * It reports to the parent over IPC: `loaded` once it could start, `ready` with its server id
 * once started, `started` when a handler starts, `finished` when one ends. In `hold` mode
 * handlers never end (the process is killed holding its jobs); in `run` mode they end at once.
 * With `startOnCommand` it loads everything, then waits for a `start` message, so a test can pay
 * the (slow) start-up of two processes at once. On a `stop` message it stops gracefully and
 * exits 0.
 *
 * Bounded in time whatever happens: it exits when the parent goes away (IPC disconnect) and
 * after `lifetimeMs` at the latest.
 */
import { AtomizerServer, createDefaultLogger, defineJob } from '@atomizer/core';
import { z } from 'zod';

import { configureSqliteForAtomizer, PrismaStorage } from '../../src/index.js';
import type { RecoveryWorkerConfig, WorkerMessage } from './recovery-worker-process.js';

const config = JSON.parse(process.env.ATOMIZER_RECOVERY_WORKER ?? 'null') as RecoveryWorkerConfig | null;
if (config === null || process.send === undefined) {
  process.stderr.write('recovery-worker: start it with forkRecoveryWorker (IPC channel and ATOMIZER_RECOVERY_WORKER needed)\n');
  process.exit(2);
}

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

setTimeout(() => {
  process.stderr.write(`recovery-worker: lifetime of ${config.lifetimeMs} ms is over; exiting\n`);
  process.exit(3);
}, config.lifetimeMs).unref();
process.on('disconnect', () => process.exit(4));

/** Opens the test database; only the provider's own adapter and client are loaded. */
async function openStorage(): Promise<{ storage: PrismaStorage; disconnect: () => Promise<void> }> {
  const { connection } = config!;
  switch (connection.provider) {
    case 'sqlite': {
      const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
      const { PrismaClient } = await import('../../generated/client/sqlite/client.js');
      const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${connection.file}`, timeout: 0 }) });
      await configureSqliteForAtomizer(prisma);
      return { storage: new PrismaStorage({ prisma, provider: 'sqlite' }), disconnect: () => prisma.$disconnect() };
    }
    case 'postgresql': {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      const { PrismaClient } = await import('../../generated/client/postgresql/client.js');
      const adapter = new PrismaPg({ connectionString: connection.url, max: 5 }, { schema: connection.schema });
      const prisma = new PrismaClient({ adapter });
      const storage = new PrismaStorage({ prisma, provider: 'postgresql', schema: connection.schema });
      return { storage, disconnect: () => prisma.$disconnect() };
    }
    case 'mysql': {
      const { PrismaMariaDb } = await import('@prisma/adapter-mariadb');
      const { PrismaClient } = await import('../../generated/client/mysql/client.js');
      const prisma = new PrismaClient({ adapter: new PrismaMariaDb(connection.url) });
      return { storage: new PrismaStorage({ prisma, provider: 'mysql' }), disconnect: () => prisma.$disconnect() };
    }
    case 'sqlserver': {
      const { PrismaMssql } = await import('@prisma/adapter-mssql');
      const { PrismaClient } = await import('../../generated/client/sqlserver/client.js');
      const prisma = new PrismaClient({ adapter: new PrismaMssql(connection.url) });
      return { storage: new PrismaStorage({ prisma, provider: 'sqlserver' }), disconnect: () => prisma.$disconnect() };
    }
  }
}

async function main(): Promise<void> {
  const { storage, disconnect } = await openStorage();
  const logger = createDefaultLogger({ ATOMIZER_LOG_LEVEL: process.env.ATOMIZER_TEST_LOG_LEVEL ?? 'silent' });
  const job = defineJob({
    name: config!.jobName,
    schema: z.object({ n: z.number() }),
    handler: async (_payload, ctx) => {
      send({ event: 'started', jobId: ctx.jobId, attempt: ctx.attempt });
      if (config!.mode === 'hold') {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        return;
      }
      send({ event: 'finished', jobId: ctx.jobId, attempt: ctx.attempt });
    },
  });
  const queueOptions = { parallelism: 16, batchSize: 16, pollIntervalMs: 50, visibilityTimeoutMs: config!.visibilityTimeoutMs };
  const server = new AtomizerServer({
    storage,
    jobs: [job],
    logger,
    instanceId: config!.instanceId,
    queues: Object.fromEntries(config!.queues.map((queue) => [queue, queueOptions])),
    heartbeatIntervalMs: config!.heartbeatIntervalMs,
    staleServerTimeoutMs: config!.staleServerTimeoutMs,
    staleSweepIntervalMs: config!.heartbeatIntervalMs,
    shutdownTimeoutMs: 2_000,
  });

  const start = async (): Promise<void> => {
    await server.start();
    send({ event: 'ready', serverId: server.getServerId()! });
  };
  process.on('message', (message: unknown) => {
    const command = (message as { command?: string }).command;
    if (command === 'start') void start();
    if (command === 'stop') {
      void server
        .stop()
        .then(disconnect)
        .then(() => process.exit(0));
    }
  });

  send({ event: 'loaded' });
  if (!config!.startOnCommand) await start();
}

main().catch((error: unknown) => {
  process.stderr.write(`recovery-worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(5);
});
