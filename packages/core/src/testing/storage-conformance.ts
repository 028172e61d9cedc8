import { AssertionError } from 'node:assert';

import { afterEach, beforeEach, describe } from 'vitest';

import type { JobStorage } from '../storage/storage-contract.js';
import { describeJobComplete } from './conformance/job-complete.js';
import { describeJobCount } from './conformance/job-count.js';
import { describeJobFail } from './conformance/job-fail.js';
import { describeJobInsert } from './conformance/job-insert.js';
import { describeJobLease } from './conformance/job-lease.js';
import { describeJobRelease } from './conformance/job-release.js';
import { describeScheduleDefinition } from './conformance/schedule-definition.js';
import { describeScheduleExactlyOnce } from './conformance/schedule-exactly-once.js';
import { describeScheduleLease } from './conformance/schedule-lease.js';
import { describeServerHeartbeat } from './conformance/server-heartbeat.js';
import { describeServerRecovery } from './conformance/server-recovery.js';
import type { ConformanceContext } from './conformance/fixtures.js';

/** A storage under test, created empty for one test and cleaned up after it. */
export interface StorageFixture {
  storage: JobStorage;
  /** Drops whatever `create` set up (schema, database file, ...). */
  cleanup(): Promise<void>;
}

/** Options of {@link runStorageConformance}. */
export interface StorageConformanceOptions {
  /** Names the implementation in test titles, e.g. `'prisma (postgresql)'`. */
  name: string;
  /**
   * Creates an EMPTY storage for one test. Called before every test; `cleanup` runs after it,
   * whether the test passed or not.
   */
  create: () => Promise<StorageFixture>;
  /**
   * The time the suite passes as `now` to job operations. Heartbeat staleness never uses it:
   * that is judged on the storage's own clock, which the suite waits out by polling.
   * @defaultValue the wall clock (`() => new Date()`)
   */
  clock?: () => Date;
  /**
   * Per-test timeout; raise it for slow databases.
   * @defaultValue 30_000
   */
  testTimeoutMs?: number;
}

/**
 * Registers the storage conformance suite with vitest: every {@link JobStorage} method and
 * every guarantee the contract states (fencing, ordering, idempotency under races, exact
 * ownership on stale-server recovery, exact round trips), schedules included: upsert
 * semantics, schedule leases and fenced advances, and several real schedulers on one storage
 * enqueueing each occurrence exactly once. Call it at the top level of a test
 * file; each implementation (in-memory, Prisma on each provider) runs the same suite.
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const clock = options.clock ?? (() => new Date());
  let fixture: StorageFixture | undefined;

  const ctx: ConformanceContext = {
    storage: () => {
      if (fixture === undefined) {
        throw new AssertionError({ message: 'storage conformance: storage used outside a test' });
      }
      return fixture.storage;
    },
    now: () => clock(),
  };

  describe(`storage conformance: ${options.name}`, { timeout: options.testTimeoutMs ?? 30_000 }, () => {
    beforeEach(async () => {
      fixture = await options.create();
    });

    afterEach(async () => {
      const current = fixture;
      fixture = undefined;
      await current?.cleanup();
    });

    describe('jobInsert / jobGet', () => describeJobInsert(ctx));
    describe('jobLease', () => describeJobLease(ctx));
    describe('jobComplete', () => describeJobComplete(ctx));
    describe('jobFail', () => describeJobFail(ctx));
    describe('jobRelease', () => describeJobRelease(ctx));
    describe('jobCount', () => describeJobCount(ctx));
    describe('serverHeartbeat / serverList / serverRemove', () => describeServerHeartbeat(ctx));
    describe('serverRecoverStale', () => describeServerRecovery(ctx));
    describe('scheduleUpsert / scheduleGet / scheduleList / scheduleSetEnabled / scheduleDelete', () =>
      describeScheduleDefinition(ctx));
    describe('scheduleLeaseDue / scheduleAdvance / scheduleRelease / recovery', () => describeScheduleLease(ctx));
    describe('schedulers on one storage', () => describeScheduleExactlyOnce(ctx));
  });
}
