import { AtomizerClient } from '@atomizer/core';
import type { Logger } from '@atomizer/core';

import type { DatabaseTarget } from './database/database-target.js';
import { openDatabase } from './database/open-database.js';
import { prepareDatabase } from './database/prepare-database.js';
import { createDemoJobs, jobList } from './jobs/demo-jobs.js';
import { ProgressDisplay } from './progress/progress-display.js';
import type { ProgressOutput } from './progress/progress-display.js';
import { RunTracker } from './progress/run-tracker.js';
import { checkRun } from './report/check-run.js';
import { gatherEvidence } from './report/gather-evidence.js';
import { readRecordedFailures } from './report/read-recorded-failures.js';
import type { RunSummary } from './report/run-summary.js';
import { killedWorkerOutcome, killWorkerHoldingJobs } from './worker/doomed-worker.js';
import { startInProcessWorker } from './worker/in-process-worker.js';
import { enqueueWorkload } from './workload/enqueue-workload.js';
import { listFiles } from './workload/list-files.js';
import { expectedOutcome, planWorkload } from './workload/workload-plan.js';

/** Everything one run needs, resolved by the CLI (or a test). */
export interface RunDemoOptions {
  /** Absolute folder whose files are processed. */
  directory: string;
  database: DatabaseTarget;
  logger: Logger;
  /** Shown in the summary: where `logger` writes. */
  logDestination: string;
  /** Where the progress bar or lines go (stderr for the CLI). */
  progressOutput: ProgressOutput;
  /** Ends the run early: Ctrl-C, or the CLI's overall timeout. */
  signal: AbortSignal;
}

/** A finished run: its report, and what (if anything) went other than designed. */
export interface RunDemoResult {
  summary: RunSummary;
  /** Empty when the run went exactly as designed. */
  problems: string[];
}

/**
 * The demo, start to end: migrate (when a committed migration is not applied yet), plan the
 * folder, enqueue every job in one transaction, run a server until every job has finished,
 * enqueue and run `summarize`, then check the outcome against the plan.
 */
export async function runDemo(options: RunDemoOptions): Promise<RunDemoResult> {
  const startedAt = Date.now();
  const { database, logger } = options;

  const appliedMigrations = await prepareDatabase(database);
  logger.info({ appliedMigrations }, 'database ready');
  // Ctrl-C during the set-up steps stops here, before any job is enqueued.
  options.signal.throwIfAborted();

  const { prisma, storage } = await openDatabase(database);
  try {
    const jobs = createDemoJobs(prisma);
    const client = new AtomizerClient({ storage, jobs: jobList(jobs), logger });

    const plan = planWorkload(options.directory, await listFiles(options.directory));
    const expected = expectedOutcome(plan);
    const run = await enqueueWorkload(prisma, client, jobs, plan);
    logger.info({ runId: run.runId, files: plan.files.length, jobs: run.jobIds.length }, 'workload enqueued');

    const tracker = new RunTracker();
    tracker.track(run.jobIds);
    const display = new ProgressDisplay(options.progressOutput, () => ({ ...tracker.counts(), total: expected.totalJobs }));

    // A second worker, in a child process, takes some hash-file jobs and dies holding them
    // (SIGKILL). The worker below recovers them through heartbeats, long before their leases end.
    const killed = await killWorkerHoldingJobs({ database, prisma, logger, signal: options.signal });

    // Processing: the per-file jobs first, then `summarize`, which needs all their digests.
    const processingStartedAt = Date.now();
    const worker = await startInProcessWorker({ storage, jobs, logger, onEvent: (event) => tracker.record(event) });
    display.start();
    try {
      await tracker.waitUntilAllFinished(options.signal);
      tracker.track([await client.enqueue(jobs.summarize, { runId: run.runId })]);
      await tracker.waitUntilAllFinished(options.signal);
    } finally {
      await worker.stop();
      display.stop();
    }
    const processingMs = Date.now() - processingStartedAt;

    const gathered = await gatherEvidence(prisma, client, tracker, run.runId);
    const problems = checkRun(plan, expected, gathered.evidence);
    const counts = gathered.evidence.counts;
    const killedWorker = killed === undefined ? undefined : await killedWorkerOutcome(prisma, killed);
    if (killedWorker !== undefined && killedWorker.completedElsewhere !== killedWorker.heldJobs) {
      problems.push(`the killed worker held ${killedWorker.heldJobs} jobs, but only ${killedWorker.completedElsewhere} were completed by the survivor`);
    }

    const summary: RunSummary = {
      runId: run.runId,
      database: { provider: database.provider, displayUrl: database.displayUrl },
      directory: plan.directory,
      files: plan.files.length,
      digests: gathered.evidence.digestPaths.length,
      totalBytes: gathered.totalBytes,
      totalLines: gathered.totalLines,
      jobs: counts,
      designed: { ...expected, flakyFiles: plan.flakyFiles.size, doomedFiles: plan.doomedFiles.size },
      wallTimeMs: Date.now() - startedAt,
      processingMs,
      jobsPerSecond: processingMs > 0 ? ((counts.completed + counts.failed) * 1000) / processingMs : 0,
      recordedFailures: await readRecordedFailures(client, tracker.failureNotes()),
      logDestination: options.logDestination,
      ...(killedWorker === undefined ? {} : { killedWorker }),
    };
    logger.info({ runId: run.runId, problems: problems.length }, 'demo run checked');
    return { summary, problems };
  } finally {
    await prisma.$disconnect();
  }
}
