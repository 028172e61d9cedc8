import { randomUUID } from 'node:crypto';

import type { AtomizerClient } from '@atomizer/core';

import type { DemoPrisma } from '../database/open-database.js';
import type { DemoJobs } from '../jobs/demo-jobs.js';
import type { WorkloadPlan } from './workload-plan.js';

/** The run as stored, and the jobs enqueued for it. */
export interface EnqueuedRun {
  runId: string;
  /** Every per-file job id, in enqueue order. */
  jobIds: string[];
}

/** Time allowed per job inside the enqueue transaction, on top of a fixed allowance. */
const TRANSACTION_MS_PER_JOB = 20;

/**
 * Stores the DemoRun row and enqueues its per-file jobs in ONE transaction: either the run
 * and all its jobs exist, or none of them do. This is Atomizer's transactional enqueue: the
 * `transaction` option takes the `tx` of Prisma's interactive transaction, so the job rows
 * commit (or roll back) with the application's own writes.
 */
export async function enqueueWorkload(
  prisma: DemoPrisma,
  client: AtomizerClient,
  jobs: DemoJobs,
  plan: WorkloadPlan,
): Promise<EnqueuedRun> {
  const runId = randomUUID();
  const jobCount = plan.files.length * 3;

  const jobIds = await prisma.$transaction(
    async (tx) => {
      await tx.demoRun.create({
        data: { id: runId, directory: plan.directory, fileCount: plan.files.length, startedAt: new Date() },
      });

      const ids: string[] = [];
      for (const path of plan.files) {
        const file = { runId, directory: plan.directory, path };
        ids.push(await client.enqueue(jobs.hashFile, file, { transaction: tx }));
        ids.push(await client.enqueue(jobs.scanFile, { ...file, flaky: plan.flakyFiles.has(path) }, { transaction: tx }));
        ids.push(await client.enqueue(jobs.publishFile, { ...file, rejected: plan.doomedFiles.has(path) }, { transaction: tx }));
      }
      return ids;
    },
    { timeout: 30_000 + jobCount * TRANSACTION_MS_PER_JOB, maxWait: 30_000 },
  );

  return { runId, jobIds };
}
