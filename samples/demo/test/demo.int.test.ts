import { createHash } from 'node:crypto';

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../src/database/open-database.js';
import { pendingMigrations } from '../src/database/pending-migrations.js';
import { runDemo } from '../src/run-demo.js';
import type { RunDemoResult } from '../src/run-demo.js';
import { createFixtureFolder, FIXTURE_FILES } from './support/fixture-folder.js';
import { createPostgresDatabase, createSqliteDatabase } from './support/test-database.js';
import type { TestDatabase } from './support/test-database.js';
import { isSkipped, requirePostgresUrl } from './support/test-env.js';

// What a correct run of the 12-file fixture must end with, worked out by hand from the plan's
// rules (see fixture-folder.ts), not by calling them.
const EXPECTED = {
  jobs: 12 * 3 + 1,
  completed: 12 * 3 + 1 - 2,
  failed: 2,
  // 3 flaky scans retried once, 2 doomed publishes retried once before failing.
  retries: 3 + 2,
  doomedPaths: ['04-crlf.txt', '10-script.sh'],
};

describeDemo('sqlite', async () => createSqliteDatabase());
describeDemo('postgresql', async () => createPostgresDatabase(requirePostgresUrl()));

/** The end-to-end demo on one provider, titled `[provider] ...` for the runner's per-provider count. */
function describeDemo(provider: 'sqlite' | 'postgresql', createDatabase: () => Promise<TestDatabase>): void {
  const title = `[${provider}] pnpm demo end to end`;
  if (isSkipped(provider)) {
    describe.skip(title, () => it('is listed in ATOMIZER_TEST_SKIP', () => undefined));
    return;
  }
  // Read now, not in a hook: a missing URL fails this file while it is collected.
  if (provider === 'postgresql') requirePostgresUrl();

  describe(title, () => {
    const fixture = createFixtureFolder();
    let database: TestDatabase;
    let progress = '';
    let first: RunDemoResult;

    beforeAll(async () => {
      database = await createDatabase();
      first = await runOnce(database, fixture.directory, (text) => (progress += text));
    });

    afterAll(async () => {
      await database?.drop();
      fixture.remove();
    });

    it('finishes as designed, with the designed retries and failures', () => {
      const { summary, problems } = first;

      expect(problems).toEqual([]);
      expect(summary.files).toBe(FIXTURE_FILES.length);
      expect(summary.jobs).toMatchObject({ total: EXPECTED.jobs, completed: EXPECTED.completed, failed: EXPECTED.failed, retries: EXPECTED.retries, awaitingRetry: 0, leasesLost: 0 });
    });

    it('kills a worker holding jobs, and the survivor recovers and completes every one of them', () => {
      const { killedWorker } = first.summary;

      expect(killedWorker).toBeDefined();
      expect(killedWorker!.heldJobs).toBeGreaterThan(0);
      expect(killedWorker!.completedElsewhere).toBe(killedWorker!.heldJobs);
    });

    it('stores exactly one correct digest per file', async () => {
      const { prisma } = await openDatabase(database.target);

      const rows = await prisma.fileDigest.findMany({ where: { runId: first.summary.runId }, orderBy: { path: 'asc' } });
      await prisma.$disconnect();

      expect(rows.map((row) => ({ path: row.path, bytes: row.bytes, lines: row.lines, sha256: row.sha256 }))).toEqual(
        FIXTURE_FILES.map((file) => ({
          path: file.path,
          bytes: BigInt(file.content.length),
          lines: file.lines,
          sha256: createHash('sha256').update(file.content).digest('hex'),
        })),
      );
    });

    it('totals the run in the summarize job', () => {
      const bytes = FIXTURE_FILES.reduce((sum, file) => sum + file.content.length, 0);
      const lines = FIXTURE_FILES.reduce((sum, file) => sum + file.lines, 0);

      expect(first.summary.totalBytes).toBe(BigInt(bytes));
      expect(first.summary.totalLines).toBe(lines);
    });

    it('reads every attempt of the doomed jobs back from the database', () => {
      const failedRecords = first.summary.recordedFailures.filter((failure) => failure.jobStatus === 'failed');

      expect(failedRecords.map((failure) => `${failure.path}#${failure.attempt}`).sort()).toEqual(
        EXPECTED.doomedPaths.flatMap((path) => [`${path}#1`, `${path}#2`]),
      );
      expect(failedRecords.every((failure) => failure.errorType === 'SimulatedFaultError')).toBe(true);
    });

    it('prints plain progress lines when the output is not a terminal', () => {
      const lines = progress.trim().split('\n');

      expect(lines.every((line) => line.startsWith('progress: '))).toBe(true);
      expect(lines.at(-1)).toContain(`${EXPECTED.jobs}/${EXPECTED.jobs} done`);
    });

    it('leaves no committed migration pending', async () => {
      const { prisma } = await openDatabase(database.target);

      const pending = await pendingMigrations(prisma, database.target);
      await prisma.$disconnect();

      expect(pending).toEqual([]);
    });

    // Provider-independent (the run's own ids and DemoRun row), so one provider is enough:
    // a whole second run costs seconds.
    if (provider === 'sqlite') {
      it('counts only its own jobs when run again on the same database', async () => {
        const second = await runOnce(database, fixture.directory, () => undefined);

        expect(second.problems).toEqual([]);
        expect(second.summary.runId).not.toBe(first.summary.runId);
        expect(second.summary.jobs.total).toBe(EXPECTED.jobs);
        expect(second.summary.digests).toBe(FIXTURE_FILES.length);
      });
    }
  });
}

function runOnce(database: TestDatabase, directory: string, write: (text: string) => void): Promise<RunDemoResult> {
  return runDemo({
    directory,
    database: database.target,
    logger: pino({ level: 'silent' }),
    logDestination: 'silent',
    progressOutput: { write, isTTY: false },
    signal: AbortSignal.timeout(45_000),
  });
}
