import { AtomizerServer } from '@atomizer/core';
import type { JobEventBase, JobStorage, Logger } from '@atomizer/core';

import { jobList } from '../jobs/demo-jobs.js';
import type { DemoJobs } from '../jobs/demo-jobs.js';
import { demoQueues } from './demo-queues.js';
import type { JobAttemptEvent, JobAttemptListener } from './worker-events.js';

/**
 * Heartbeats far faster than the defaults (30 s beats, 3 min timeout), so the worker the demo
 * kills is declared dead, and its jobs run elsewhere, about 1.5 s after its last beat instead of
 * when their 60 s leases run out.
 */
export const demoHeartbeat = { heartbeatIntervalMs: 250, staleServerTimeoutMs: 1_500, staleSweepIntervalMs: 250 } as const;

/** What it takes to build the demo's server; all of it can be rebuilt inside a child process. */
export interface DemoServerOptions {
  storage: JobStorage;
  jobs: DemoJobs;
  logger: Logger;
  /** Names this worker in server ids and lease owners, e.g. `demo-worker-1`. */
  instanceId?: string;
  onEvent: JobAttemptListener;
}

/**
 * Builds (does not start) the AtomizerServer that runs the demo's jobs, with its events
 * turned into {@link JobAttemptEvent}s.
 */
export function createDemoServer(options: DemoServerOptions): AtomizerServer {
  const server = new AtomizerServer({
    storage: options.storage,
    jobs: jobList(options.jobs),
    logger: options.logger,
    queues: demoQueues,
    // Ctrl-C should not leave the user waiting; the demo's handlers take milliseconds.
    shutdownTimeoutMs: 5_000,
    ...demoHeartbeat,
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
  });

  const forward = (type: JobAttemptEvent['type'], event: JobEventBase, errorMessage?: string) => {
    options.onEvent({
      type,
      jobId: event.jobId,
      name: event.name,
      queue: event.queue,
      attempt: event.attempt,
      ...(errorMessage === undefined ? {} : { errorMessage }),
    });
  };
  server.events.on('job:completed', (event) => forward('completed', event));
  server.events.on('job:retrying', (event) => forward('retrying', event, event.error.message));
  server.events.on('job:failed', (event) => forward('failed', event, event.error.message));
  server.events.on('job:lease-lost', (event) => forward('lease-lost', event));

  return server;
}
