import { describe, expect, it } from 'vitest';

import { expectedOutcome, planWorkload } from '../src/workload/workload-plan.js';

const paths = (count: number) => Array.from({ length: count }, (_, i) => `f${String(i).padStart(3, '0')}`);

describe('planWorkload', () => {
  it('makes every fourth file (from the second) flaky and spreads the doomed ones', () => {
    const plan = planWorkload('/data', paths(12));

    expect([...plan.flakyFiles]).toEqual(['f001', 'f005', 'f009']);
    expect([...plan.doomedFiles]).toEqual(['f003', 'f009']);
  });

  it('dooms at most three files however large the folder', () => {
    const plan = planWorkload('/data', paths(1000));

    expect(plan.doomedFiles.size).toBe(3);
  });

  it('plans an empty folder as summarize alone', () => {
    const plan = planWorkload('/data', []);

    expect(expectedOutcome(plan)).toEqual({ totalJobs: 1, completedJobs: 1, failedJobs: 0, retries: 0, digests: 0 });
  });
});

describe('expectedOutcome', () => {
  it('expects three jobs per file plus summarize, one retry per flaky and per doomed file', () => {
    const plan = planWorkload('/data', paths(12));

    expect(expectedOutcome(plan)).toEqual({ totalJobs: 37, completedJobs: 35, failedJobs: 2, retries: 5, digests: 12 });
  });
});
