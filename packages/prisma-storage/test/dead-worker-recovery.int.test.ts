import { AtomizerClient, defineJob } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';

import { describeDatabase } from './support/describe-database.js';
import {
  forkRecoveryWorker,
  killAllRecoveryWorkers,
  workerConnectionOf,
  type RecoveryWorker,
  type RecoveryWorkerConfig,
  type WorkerMessage,
} from './support/recovery-worker-process.js';
import { TEST_PROVIDERS } from './support/test-env.js';

const JOB_NAME = 'recoverable';
const QUEUES = ['mail', 'files'];
const JOBS_PER_QUEUE = 6;
const TOTAL_JOBS = JOBS_PER_QUEUE * QUEUES.length;

/** Ten minutes: far beyond the test, so only heartbeat recovery can bring a held job back in time. */
const VISIBILITY_TIMEOUT_MS = 600_000;

const job = defineJob({ name: JOB_NAME, schema: z.object({ n: z.number() }), handler: () => undefined });

function finishedRuns(worker: RecoveryWorker): Array<Extract<WorkerMessage, { event: 'finished' }>> {
  return worker.messages.filter((message) => message.event === 'finished');
}

afterEach(async () => {
  await killAllRecoveryWorkers();
});

for (const provider of TEST_PROVIDERS) {
  describeDatabase(
    provider,
    'dead worker process recovery',
    (database) => {
      it('a survivor completes every job of a worker killed with SIGKILL, long before their visibility timeout', async () => {
        await database().truncate();
        const storage = database().storage;
        const client = new AtomizerClient({ storage, jobs: [job] });
        const ids: string[] = [];
        for (const queue of QUEUES) {
          for (let n = 0; n < JOBS_PER_QUEUE; n += 1) ids.push(await client.enqueue(job, { n }, { queue }));
        }
        const base: Omit<RecoveryWorkerConfig, 'instanceId' | 'mode' | 'startOnCommand'> = {
          connection: await workerConnectionOf(database()),
          jobName: JOB_NAME,
          queues: QUEUES,
          visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
          heartbeatIntervalMs: 100,
          staleServerTimeoutMs: 1_500,
          lifetimeMs: 170_000,
        };

        // Both processes load at once; the survivor starts only once the doomed one holds every job.
        const doomed = forkRecoveryWorker({ ...base, instanceId: 'doomed', mode: 'hold', startOnCommand: false });
        const survivor = forkRecoveryWorker({ ...base, instanceId: 'survivor', mode: 'run', startOnCommand: true });
        const doomedServerId = await doomed.ready();
        await waitFor(async () => (await storage.jobCount({})).processing === TOTAL_JOBS, {
          description: `${TOTAL_JOBS} jobs held by the doomed worker`,
          timeoutMs: 30_000,
        });
        const held = await Promise.all(ids.map((id) => storage.jobGet({ id })));
        await survivor.loaded();
        survivor.start();
        const survivorServerId = await survivor.ready();

        await doomed.kill();
        await waitFor(async () => (await storage.jobCount({})).completed === TOTAL_JOBS, {
          description: `all ${TOTAL_JOBS} jobs completed by the survivor`,
          timeoutMs: 60_000,
          intervalMs: 50,
        });
        const completed = await Promise.all(ids.map((id) => storage.jobGet({ id })));
        const serversBeforeStop = (await storage.serverList()).map((server) => server.serverId);
        const exitCode = await survivor.stop();

        // Every job was held by the doomed worker under a lease that had minutes left...
        expect(held.map((row) => [row?.status, row?.leaseOwner])).toEqual(ids.map(() => ['processing', doomedServerId]));
        // ...and was completed by the survivor, once, before that lease would have expired.
        for (const [index, row] of completed.entries()) {
          expect(row).toMatchObject({ status: 'completed', attempts: 2, leaseOwner: null });
          expect(row!.completedAt!.getTime()).toBeLessThan(held[index]!.availableAt!.getTime());
        }
        const runs = finishedRuns(survivor);
        expect(runs.map((run) => run.jobId).sort()).toEqual([...ids].sort());
        expect(runs.every((run) => run.attempt === 2)).toBe(true);
        expect(finishedRuns(doomed)).toEqual([]);
        expect(doomed.messages.filter((message) => message.event === 'started')).toHaveLength(TOTAL_JOBS);
        // The doomed row was claimed by the sweep; the survivor removed its own on a clean stop.
        expect(serversBeforeStop).toEqual([survivorServerId]);
        expect(exitCode).toBe(0);
        expect(await storage.serverList()).toEqual([]);
      });
    },
    { timeout: 180_000 },
  );
}
