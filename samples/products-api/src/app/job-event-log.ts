import type { AtomizerServer, Logger } from '@atomizer/core';

/**
 * One log line per completed job, from the server's events: what a reader of the sample's
 * output (and its test) watches to see jobs complete. Retries and final failures need no
 * listener here: the server logs them itself, with the error.
 */
export function logJobEvents(server: AtomizerServer, logger: Logger): void {
  const events = logger.child({ component: 'job-events' });

  server.events.on('job:completed', ({ jobId, name, queue, attempt, durationMs }) => {
    events.info({ event: 'job:completed', jobId, jobName: name, queue, attempt, durationMs }, `${name} completed`);
  });
}
