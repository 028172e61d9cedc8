import { setTimeout as sleep } from 'node:timers/promises';

import {
  AtomizerClient,
  AtomizerServer,
  InMemoryStorage,
  type JobCounts,
  type JobDetails,
  type Logger,
} from '@atomizer/core';

import { buildReport, importFeed, resizeImage, sendWelcome, tick } from './jobs.js';

/** What one run did: the final counts, every enqueued job with its recorded errors, and ticks. */
export interface SampleSummary {
  counts: JobCounts;
  jobs: JobDetails[];
  /** Jobs the recurring `tick` schedule ran before it was deleted. */
  ticks: number;
}

/** Options of {@link runInMemorySample}. */
export interface RunSampleOptions {
  logger: Logger;
  /** Called for each job outcome, for a readable progress line. */
  onOutcome?: (line: string) => void;
  /**
   * Give up waiting for the jobs after this long.
   * @defaultValue 30000
   */
  timeoutMs?: number;
}

/**
 * Enqueues a handful of jobs into memory, processes them with one server, waits until none is
 * left to run, and stops the server. No database: everything is lost when the process ends,
 * which is what tests and local tools want and production does not.
 */
export async function runInMemorySample(options: RunSampleOptions): Promise<SampleSummary> {
  const { logger, onOutcome = () => {} } = options;
  const storage = new InMemoryStorage();
  const jobs = [sendWelcome, resizeImage, buildReport, importFeed, tick];

  const client = new AtomizerClient({ storage, jobs, logger });
  const server = new AtomizerServer({
    storage,
    jobs,
    logger,
    queues: {
      default: { pollIntervalMs: 50, retry: { kind: 'fixed', delayMs: 100, maxAttempts: 3 } },
      images: { pollIntervalMs: 50, parallelism: 4 },
    },
    // A lead time of 0 enqueues each occurrence when it is due, so none waits ahead in the
    // queue when the sample stops.
    scheduler: { pollIntervalMs: 100, leadTimeMs: 0 },
  });
  server.events.on('job:completed', (e) => onOutcome(`completed  ${e.name} (attempt ${e.attempt}, ${e.durationMs} ms)`));
  server.events.on('job:retrying', (e) => onOutcome(`retrying   ${e.name}: ${e.error.message}`));
  server.events.on('job:failed', (e) => onOutcome(`failed     ${e.name}: ${e.error.message}`));
  let ticks = 0;
  server.events.on('job:completed', (e) => {
    if (e.name === tick.name) ticks += 1;
  });

  // A recurring job: every second (six cron fields, seconds first).
  await client.scheduleRecurring('tick', tick, {}, '* * * * * *');

  await server.start();
  try {
    const ids = new Set<string>();

    // The same idempotency key twice: the second enqueue returns the first job's id.
    ids.add(await client.enqueue(sendWelcome, { email: 'ada@example.com' }, { idempotencyKey: 'welcome:ada' }));
    ids.add(await client.enqueue(sendWelcome, { email: 'ada@example.com' }, { idempotencyKey: 'welcome:ada' }));

    for (let index = 1; index <= 8; index += 1) {
      ids.add(await client.enqueue(resizeImage, { imageId: `image-${index}`, width: 320 }));
    }
    ids.add(await client.enqueueIn(buildReport, { reportId: 'weekly' }, 200));
    ids.add(await client.enqueue(importFeed, { url: 'https://feeds.example.com/prices' }));

    const timeoutMs = options.timeoutMs ?? 30_000;
    await waitUntilIdle(client, timeoutMs);

    // Let the schedule run twice, then delete it; the jobs it enqueued stay and finish.
    await waitUntil(() => ticks >= 2, timeoutMs, 'the tick schedule has not run twice');
    await client.deleteSchedule('tick');
    await waitUntilIdle(client, timeoutMs);

    const details = await Promise.all([...ids].map((id) => client.getJob(id)));
    return { counts: await client.countJobs(), jobs: details.filter((job): job is JobDetails => job !== null), ticks };
  } finally {
    await server.stop();
  }
}

/** Polls the counts until no job is pending or processing. */
async function waitUntilIdle(client: AtomizerClient, timeoutMs: number): Promise<void> {
  await waitUntil(
    async () => {
      const { pending, processing } = await client.countJobs();
      return pending + processing === 0;
    },
    timeoutMs,
    'jobs are still pending or processing',
  );
}

/** Polls `condition` every 50 ms until it holds. */
async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new SampleTimeoutError(`${failure} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The sample's jobs did not finish in time. */
export class SampleTimeoutError extends Error {
  override name = 'SampleTimeoutError';
}
