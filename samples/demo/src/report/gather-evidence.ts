import type { AtomizerClient } from '@atomizer/core';

import type { DemoPrisma } from '../database/open-database.js';
import type { RunTracker } from '../progress/run-tracker.js';
import type { RunEvidence } from './check-run.js';
import { payloadPath } from './payload-path.js';

/** The run's evidence plus the totals the `summarize` job stored. */
export interface GatheredEvidence {
  evidence: RunEvidence;
  totalBytes: bigint | null;
  totalLines: number | null;
}

/**
 * Collects what the run left behind: the tracker's counts, the run's digests and totals from
 * the demo's tables, and every failed job as Atomizer stored it.
 */
export async function gatherEvidence(
  prisma: DemoPrisma,
  client: AtomizerClient,
  tracker: RunTracker,
  runId: string,
): Promise<GatheredEvidence> {
  const digests = await prisma.fileDigest.findMany({ where: { runId }, select: { path: true } });
  const run = await prisma.demoRun.findUniqueOrThrow({ where: { id: runId } });

  const failedIds = [...new Set(tracker.failureNotes().filter((note) => note.final).map((note) => note.jobId))];
  const failedJobs: RunEvidence['failedJobs'] = [];
  for (const jobId of failedIds) {
    const job = await client.getJob(jobId);
    failedJobs.push({
      jobId,
      name: job?.name ?? '(missing)',
      status: job?.status ?? '(missing)',
      path: job === null ? null : payloadPath(job.payload),
      recordedErrors: job?.errors.length ?? 0,
    });
  }

  return {
    evidence: {
      counts: tracker.counts(),
      jobsFinishedMoreThanOnce: tracker.jobsFinishedMoreThanOnce(),
      digestPaths: digests.map((digest) => digest.path),
      summarized: run.summarizedAt !== null,
      failedJobs,
    },
    totalBytes: run.totalBytes,
    totalLines: run.totalLines,
  };
}
