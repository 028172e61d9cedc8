import { AtomizerClient, AtomizerServer, type Logger } from '@atomizer/core';

import type { SampleConfig } from '../config/sample-config.js';
import { openDatabase } from '../database/open-database.js';
import { startHttpServer } from '../http/http-server.js';
import { createRoutes } from '../http/routes.js';
import { CLEANUP_SCHEDULE } from '../jobs/cleanup-products.js';
import { sampleQueues } from '../jobs/queues.js';
import { createSampleJobs } from '../jobs/sample-jobs.js';
import { ProductStore } from '../products/product-store.js';
import { logJobEvents } from './job-event-log.js';

/** The running sample: its HTTP address and the way to stop it. */
export interface RunningProductsApp {
  url: string;
  /** Stops taking requests, lets running jobs finish (or releases them), then disconnects. */
  stop(): Promise<void>;
}

/**
 * Starts the sample in-process: opens the database (already migrated), writes the recurring
 * clean-up schedule, starts an Atomizer server on the sample's queues (and its scheduler) and
 * the HTTP API that enqueues into them.
 */
export async function startProductsApp(config: SampleConfig, logger: Logger): Promise<RunningProductsApp> {
  const database = await openDatabase(config.database);
  const products = new ProductStore(database.prisma);
  const jobs = createSampleJobs(products);

  // One storage, one client (enqueue) and one server (process) over the app's PrismaClient.
  const client = new AtomizerClient({ storage: database.storage, jobs: jobs.all, logger });
  const server = new AtomizerServer({
    storage: database.storage,
    jobs: jobs.all,
    logger,
    queues: sampleQueues(config.pollIntervalMs),
    scheduler: { pollIntervalMs: config.pollIntervalMs },
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  logJobEvents(server, logger);

  // Written at every start: an unchanged schedule keeps its progress, a changed cron restarts
  // it. Any number of instances may do this; each occurrence is still enqueued once.
  await client.scheduleRecurring(CLEANUP_SCHEDULE, jobs.cleanupProducts, { archivedForMs: 0 }, config.cleanupCron);
  await server.start();

  const routes = createRoutes({ prisma: database.prisma, products, client, server, jobs, provider: config.database.provider });
  const http = await startHttpServer(routes, { host: config.host, port: config.port, logger });

  return {
    url: http.url,
    async stop() {
      // New requests first, so nothing is enqueued into a server that is draining.
      await http.close();
      await server.stop();
      await database.close();
    },
  };
}
