import { describe, expect, it } from 'vitest';

import { checkRun } from '../src/report/check-run.js';
import type { RunEvidence } from '../src/report/check-run.js';
import { expectedOutcome, planWorkload } from '../src/workload/workload-plan.js';

const plan = planWorkload('/data', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
const expected = expectedOutcome(plan);
const doomed = [...plan.doomedFiles][0] as string;

/** Evidence of a run that went exactly as designed; each test spoils one thing. */
function asDesigned(): RunEvidence {
  return {
    counts: { total: expected.totalJobs, completed: expected.completedJobs, failed: expected.failedJobs, retries: expected.retries, awaitingRetry: 0, leasesLost: 0 },
    jobsFinishedMoreThanOnce: [],
    digestPaths: [...plan.files],
    summarized: true,
    failedJobs: [{ jobId: 'j1', name: 'publish-file', status: 'failed', path: doomed, recordedErrors: 2 }],
  };
}

describe('checkRun', () => {
  it('finds nothing wrong with a run as designed', () => {
    expect(checkRun(plan, expected, asDesigned())).toEqual([]);
  });

  it('reports a file digested twice and another not at all', () => {
    const evidence = { ...asDesigned(), digestPaths: ['a', 'a', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] };

    expect(checkRun(plan, expected, evidence)).toEqual(['files without a digest: b']);
  });

  it('reports a missing digest row', () => {
    const evidence = { ...asDesigned(), digestPaths: plan.files.slice(1) };

    expect(checkRun(plan, expected, evidence)).toEqual(['expected 10 file digests (one per file), saw 9', 'files without a digest: a']);
  });

  it('reports a failure that was not designed', () => {
    const evidence = asDesigned();
    evidence.failedJobs.push({ jobId: 'j2', name: 'hash-file', status: 'failed', path: 'b', recordedErrors: 2 });

    expect(checkRun(plan, expected, evidence)).toContain('job j2 (hash-file "b") failed but was not meant to');
  });

  it('reports wrong retry counts and jobs that finished twice', () => {
    const evidence = { ...asDesigned(), jobsFinishedMoreThanOnce: ['j9'] };
    evidence.counts = { ...evidence.counts, retries: expected.retries + 1 };

    expect(checkRun(plan, expected, evidence)).toEqual([
      `expected ${expected.retries} retries (one per flaky scan-file, one per doomed publish-file), saw ${expected.retries + 1}`,
      'jobs finished more than once: j9',
    ]);
  });
});
