import type { RunSummary } from './run-summary.js';

/** Recorded failures printed at most; the rest are in the database and the log. */
const MAX_FAILURE_LINES = 8;

/**
 * The end-of-run report: a two-column table of the numbers, a few recorded failures, and the
 * verdict. Plain text, so it reads the same in a terminal and in a CI log.
 */
export function formatSummary(summary: RunSummary, problems: readonly string[]): string {
  const { jobs, designed } = summary;
  const rows: Array<[string, string]> = [
    ['database', `${summary.database.provider}  ${summary.database.displayUrl}`],
    ['folder', `${summary.directory}`],
    ['files', `${summary.files} (${formatBytes(summary.totalBytes)}, ${formatCount(summary.totalLines)} lines)`],
    ['digests stored', `${summary.digests}`],
    ['jobs enqueued', `${jobs.total} (3 per file: hash-file, scan-file, publish-file; then summarize)`],
    ['done', `${jobs.completed} ${versus(jobs.completed, designed.completedJobs, '')}`],
    ['retried', `${jobs.retries} failed attempts retried with backoff ${versus(jobs.retries, designed.retries, `: ${designed.flakyFiles} flaky scans + ${designed.doomedFiles} doomed publishes`)}`],
    ['failed', `${jobs.failed} for good, after all their attempts ${versus(jobs.failed, designed.failedJobs, `: ${designed.doomedFiles} doomed publishes`)}`],
    ...(jobs.leasesLost > 0 ? [['leases lost', `${jobs.leasesLost} attempts ended after another worker took their job over (outcome not written)`] as [string, string]] : []),
    ['wall time', `${seconds(summary.wallTimeMs)} (processing ${seconds(summary.processingMs)})`],
    ['throughput', `${summary.jobsPerSecond.toFixed(1)} jobs/s`],
    ['log', summary.logDestination],
  ];
  if (summary.killedWorker !== undefined) {
    const { instanceId, pid, heldJobs, completedElsewhere } = summary.killedWorker;
    // Right after the job counts it explains, before the timings.
    rows.splice(rows.findIndex(([label]) => label === 'wall time'), 0, [
      'worker killed',
      `${instanceId} (pid ${pid}) with SIGKILL while it held ${heldJobs} jobs; ${completedElsewhere} of them recovered by heartbeat and completed by the survivor`,
    ]);
  }

  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const lines = ['', 'Atomizer demo: summary', ...rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value}`)];

  if (summary.recordedFailures.length > 0) {
    lines.push('', 'Recorded errors (read back from the database):');
    for (const failure of summary.recordedFailures.slice(0, MAX_FAILURE_LINES)) {
      const subject = failure.path === null ? failure.jobName : `${failure.jobName} ${failure.path}`;
      lines.push(`  [${failure.jobStatus}] ${subject}, attempt ${failure.attempt}: ${failure.errorType}: ${failure.message}`);
    }
    const hidden = summary.recordedFailures.length - MAX_FAILURE_LINES;
    if (hidden > 0) lines.push(`  ... and ${hidden} more`);
  }

  lines.push('');
  if (problems.length === 0) {
    lines.push('Result: finished as designed (the failures above are the intended ones).');
  } else {
    lines.push('Result: UNEXPECTED', ...problems.map((problem) => `  - ${problem}`));
  }
  return `${lines.join('\n')}\n`;
}

/** `(as designed...)` when the count matches the plan, else `(DESIGNED: n)` to catch the eye. */
function versus(actual: number, designed: number, why: string): string {
  return actual === designed ? `(as designed${why})` : `(DESIGNED: ${designed}${why})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function formatCount(value: number | null): string {
  return value === null ? '?' : value.toLocaleString('en-US');
}

function formatBytes(bytes: bigint | null): string {
  if (bytes === null) return '? bytes';
  const value = Number(bytes);
  if (value < 1024) return `${value} B`;
  if (value < 1024 ** 2) return `${(value / 1024).toFixed(1)} KiB`;
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
  return `${(value / 1024 ** 3).toFixed(2)} GiB`;
}
