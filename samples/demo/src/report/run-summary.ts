import type { DatabaseTarget } from '../database/database-target.js';
import type { RunCounts } from '../progress/run-tracker.js';
import type { KilledWorkerOutcome } from '../worker/doomed-worker.js';
import type { ExpectedOutcome } from '../workload/workload-plan.js';

/** One recorded error of a job, as read back from the database. */
export interface RecordedFailure {
  jobId: string;
  jobName: string;
  /** The file the job was about, when it was a per-file job. */
  path: string | null;
  /** The job's state now: `failed` for the doomed ones, `completed` for retried ones. */
  jobStatus: string;
  attempt: number;
  errorType: string;
  message: string;
}

/** Everything the demo reports about a run. */
export interface RunSummary {
  runId: string;
  database: Pick<DatabaseTarget, 'provider' | 'displayUrl'>;
  directory: string;
  files: number;
  /** FileDigest rows stored for this run. */
  digests: number;
  /** Totals stamped by the `summarize` job; null if it did not run. */
  totalBytes: bigint | null;
  totalLines: number | null;
  jobs: RunCounts;
  /** What the plan said the counts must be, and how many files it made flaky or doomed. */
  designed: ExpectedOutcome & { flakyFiles: number; doomedFiles: number };
  /** From the first migration to the last job: what the user waited. */
  wallTimeMs: number;
  /** From the worker's start to the last job: what the throughput is measured over. */
  processingMs: number;
  jobsPerSecond: number;
  /** A few errors as recorded with their jobs: every final failure, and some retried ones. */
  recordedFailures: RecordedFailure[];
  /** Where the structured log went. */
  logDestination: string;
  /** The worker the demo killed with SIGKILL while it held jobs; absent when there was nothing to hold. */
  killedWorker?: KilledWorkerOutcome;
}
