import type { AtomizerClient } from '@atomizer/core';

import type { FailureNote } from '../progress/run-tracker.js';
import { payloadPath } from './payload-path.js';
import type { RecordedFailure } from './run-summary.js';

/** Retried-then-completed jobs to show next to the failed ones: enough to see the pattern. */
const RETRIED_EXAMPLES = 2;

/**
 * Reads back, through the client, the errors Atomizer recorded for the jobs that failed for
 * good and for a couple of jobs that were retried. The summary shows what the database holds
 * (the durable record), not what the events said in passing.
 */
export async function readRecordedFailures(client: AtomizerClient, notes: readonly FailureNote[]): Promise<RecordedFailure[]> {
  const failedIds = unique(notes.filter((note) => note.final).map((note) => note.jobId));
  const retriedIds = unique(notes.filter((note) => !note.final && !failedIds.includes(note.jobId)).map((note) => note.jobId));
  const jobIds = [...failedIds, ...retriedIds.slice(0, RETRIED_EXAMPLES)];

  const failures: RecordedFailure[] = [];
  for (const jobId of jobIds) {
    const job = await client.getJob(jobId);
    if (job === null) continue;

    const path = payloadPath(job.payload);
    for (const error of job.errors) {
      failures.push({
        jobId,
        jobName: job.name,
        path,
        jobStatus: job.status,
        attempt: error.attempt,
        errorType: error.errorType,
        message: error.message,
      });
    }
  }
  return failures;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
