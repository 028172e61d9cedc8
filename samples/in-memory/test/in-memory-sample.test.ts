import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createDefaultLogger } from '@atomizer/core';
import { describe, expect, it } from 'vitest';

import { runInMemorySample } from '../src/run-sample.js';

const sampleRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('[memory] in-memory sample', () => {
  it('runs every job to its end (retried ones complete, the always-failing one fails) and the recurring tick', async () => {
    const outcomes: string[] = [];

    const summary = await runInMemorySample({
      logger: createDefaultLogger({ ATOMIZER_LOG_LEVEL: 'silent' }),
      onOutcome: (line) => outcomes.push(line),
    });

    const byName = (name: string) => summary.jobs.filter((job) => job.name === name);
    expect(summary.ticks).toBeGreaterThanOrEqual(2);
    expect(summary.counts).toEqual({ pending: 0, processing: 0, completed: 10 + summary.ticks, failed: 1 });
    expect(byName('send-welcome')).toHaveLength(1);
    expect(byName('resize-image').every((job) => job.status === 'completed')).toBe(true);
    expect(byName('build-report')[0]).toMatchObject({ status: 'completed', attempts: 2 });
    expect(byName('import-feed')[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect(byName('import-feed')[0]?.errors.map((error) => error.errorType)).toEqual(['ReportSourceError', 'ReportSourceError']);
    expect(outcomes.filter((line) => line.startsWith('retrying'))).toHaveLength(2);
  });

  it('runs as a program and exits 0 with a summary', () => {
    const run = spawnSync(process.execPath, ['dist/main.js'], { cwd: sampleRoot, encoding: 'utf8', timeout: 30_000 });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/jobs: \{"pending":0,"processing":0,"completed":\d+,"failed":1\} \(\d+ of them by the recurring tick schedule\)/);
  });
});
