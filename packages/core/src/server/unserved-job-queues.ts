import type { JobRegistry } from '../jobs/job-registry.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_QUEUE } from '../options/names.js';

/**
 * Warns, once per job, when a registered job's default queue is not among the queues this
 * server processes: such a job, enqueued without a queue, waits until some other server serves
 * that queue, and with no such server it stays pending forever without a sound. Only a warning,
 * because a deployment may leave that queue to other servers on purpose.
 */
export function warnAboutUnservedJobQueues(registry: JobRegistry, servedQueues: readonly string[], logger: Logger): void {
  const served = new Set(servedQueues);
  const servedList = servedQueues.join(', ');

  for (const jobName of registry.names()) {
    const queue = registry.find(jobName)?.queue ?? DEFAULT_QUEUE;
    if (served.has(queue)) continue;
    logger.warn(
      { jobName, queue, servedQueues: [...servedQueues] },
      `job "${jobName}" defaults to queue "${queue}", which this server does not process (it serves: ${servedList}); ` +
        `its jobs wait until a server that serves "${queue}" runs`,
    );
  }
}
