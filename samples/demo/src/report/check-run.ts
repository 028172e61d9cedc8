import type { RunCounts } from '../progress/run-tracker.js';
import { PUBLISH_MAX_ATTEMPTS } from '../workload/workload-plan.js';
import type { ExpectedOutcome, WorkloadPlan } from '../workload/workload-plan.js';

/** What a finished run left behind, gathered from the events and the database. */
export interface RunEvidence {
  counts: RunCounts;
  /** Jobs that reported a final outcome more than once. */
  jobsFinishedMoreThanOnce: string[];
  /** The `path` of every FileDigest row of the run (one entry per row). */
  digestPaths: string[];
  /** Whether the `summarize` job stamped the DemoRun row. */
  summarized: boolean;
  /** Every job that ended `failed`, as read back from the database. */
  failedJobs: Array<{ jobId: string; name: string; status: string; path: string | null; recordedErrors: number }>;
}

/**
 * Compares a run with its plan. The designed failures (the doomed `publish-file` jobs) are
 * expected; anything else, including a file digested twice or not at all, is a problem.
 * @returns one line per problem; empty when the run went exactly as designed.
 */
export function checkRun(plan: WorkloadPlan, expected: ExpectedOutcome, evidence: RunEvidence): string[] {
  const problems: string[] = [];
  const { counts } = evidence;

  const compare = (what: string, wanted: number, seen: number) => {
    if (wanted !== seen) problems.push(`expected ${wanted} ${what}, saw ${seen}`);
  };
  compare('jobs', expected.totalJobs, counts.total);
  compare('completed jobs', expected.completedJobs, counts.completed);
  compare('failed jobs (the doomed publish-file ones)', expected.failedJobs, counts.failed);
  compare('retries (one per flaky scan-file, one per doomed publish-file)', expected.retries, counts.retries);
  compare('file digests (one per file)', expected.digests, evidence.digestPaths.length);

  if (evidence.jobsFinishedMoreThanOnce.length > 0) {
    problems.push(`jobs finished more than once: ${evidence.jobsFinishedMoreThanOnce.join(', ')}`);
  }

  const digested = new Set(evidence.digestPaths);
  const missing = plan.files.filter((file) => !digested.has(file));
  if (missing.length > 0) problems.push(`files without a digest: ${missing.slice(0, 5).join(', ')}`);

  if (!evidence.summarized) problems.push('the summarize job did not stamp the run');

  for (const job of evidence.failedJobs) {
    const designed = job.name === 'publish-file' && job.path !== null && plan.doomedFiles.has(job.path);
    if (!designed) problems.push(`job ${job.jobId} (${job.name} "${job.path}") failed but was not meant to`);
    if (job.status !== 'failed') problems.push(`job ${job.jobId} reported failed but is stored as ${job.status}`);
    if (job.recordedErrors !== PUBLISH_MAX_ATTEMPTS) {
      problems.push(`job ${job.jobId} has ${job.recordedErrors} recorded errors, expected ${PUBLISH_MAX_ATTEMPTS} (one per attempt)`);
    }
  }

  return problems;
}
