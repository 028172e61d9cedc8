/**
 * The doomed worker: a second AtomizerServer, in a child process, that leases `hash-file`
 * jobs and never finishes them (think of a worker stuck on a huge file on a failing disk),
 * until the demo kills it with SIGKILL. Started by {@link startDoomedWorker}
 * (doomed-worker.ts); it reports `ready` with its server id over IPC.
 *
 * It never outlives the demo: it exits when the parent goes away (IPC disconnect) and after
 * `lifetimeMs` at the latest.
 */
import { AtomizerServer, createDefaultLogger, defineJob } from '@atomizer/core';

import type { DatabaseTarget } from '../database/database-target.js';
import { openDatabase } from '../database/open-database.js';
import { createDemoJobs } from '../jobs/demo-jobs.js';
import { demoHeartbeat } from './demo-server.js';
import { demoQueues } from './demo-queues.js';

/** What the parent passes, as JSON in ATOMIZER_DEMO_DOOMED_WORKER. */
export interface DoomedWorkerConfig {
  database: DatabaseTarget;
  instanceId: string;
  lifetimeMs: number;
}

/** What the doomed worker reports. */
export type DoomedWorkerMessage = { event: 'ready'; serverId: string };

const config = JSON.parse(process.env.ATOMIZER_DEMO_DOOMED_WORKER ?? 'null') as DoomedWorkerConfig | null;
if (config === null || process.send === undefined) {
  process.stderr.write('doomed-worker-process: started without its config or IPC channel; the demo starts it\n');
  process.exit(2);
}
setTimeout(() => process.exit(3), config.lifetimeMs).unref();
process.on('disconnect', () => process.exit(4));

async function main(config: DoomedWorkerConfig): Promise<void> {
  const { prisma, storage } = await openDatabase(config.database);
  const { hashFile } = createDemoJobs(prisma);

  // Same name, queue and payload as the real job, so it leases the real jobs; it just never ends.
  const stuckHashFile = defineJob({
    name: hashFile.name,
    queue: 'files',
    schema: hashFile.schema,
    handler: (_payload, ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())),
  });
  const server = new AtomizerServer({
    storage,
    jobs: [stuckHashFile],
    logger: createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'silent' }),
    instanceId: config.instanceId,
    queues: { files: demoQueues.files },
    ...demoHeartbeat,
  });
  await server.start();

  const ready: DoomedWorkerMessage = { event: 'ready', serverId: server.getServerId()! };
  process.send?.(ready);
}

main(config).catch((error: unknown) => {
  process.stderr.write(`doomed-worker-process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(5);
});
