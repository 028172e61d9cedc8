import { describe, expect, it } from 'vitest';

import { formatSummary } from '../src/report/format-summary.js';
import type { RunSummary } from '../src/report/run-summary.js';

function summary(overrides: Partial<RunSummary['jobs']> = {}): RunSummary {
  return {
    runId: 'r1',
    database: { provider: 'sqlite', displayUrl: 'file:/data/demo.db' },
    directory: '/data/files',
    files: 10,
    digests: 10,
    totalBytes: 2048n,
    totalLines: 1234,
    jobs: { total: 31, completed: 30, failed: 1, retries: 4, awaitingRetry: 0, leasesLost: 0, ...overrides },
    designed: { totalJobs: 31, completedJobs: 30, failedJobs: 1, retries: 4, digests: 10, flakyFiles: 3, doomedFiles: 1 },
    wallTimeMs: 2500,
    processingMs: 1000,
    jobsPerSecond: 31,
    recordedFailures: [
      { jobId: 'j1', jobName: 'publish-file', path: 'a.txt', jobStatus: 'failed', attempt: 1, errorType: 'SimulatedFaultError', message: 'refused' },
    ],
    logDestination: '/data/demo.log',
  };
}

describe('formatSummary', () => {
  it('shows the counts against the plan and the recorded errors', () => {
    const text = formatSummary(summary(), []);

    expect(text).toContain('files           10 (2.0 KiB, 1,234 lines)');
    expect(text).toContain('retried         4 failed attempts retried with backoff (as designed: 3 flaky scans + 1 doomed publishes)');
    expect(text).toContain('throughput      31.0 jobs/s');
    expect(text).toContain('[failed] publish-file a.txt, attempt 1: SimulatedFaultError: refused');
    expect(text).toContain('Result: finished as designed');
  });

  it('marks a count that differs from the plan and lists the problems', () => {
    const text = formatSummary(summary({ failed: 2, completed: 29 }), ['expected 1 failed jobs, saw 2']);

    expect(text).toContain('failed          2 for good, after all their attempts (DESIGNED: 1: 1 doomed publishes)');
    expect(text).toContain('Result: UNEXPECTED\n  - expected 1 failed jobs, saw 2');
  });
});
