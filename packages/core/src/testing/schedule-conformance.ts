import { AssertionError } from 'node:assert';

import { afterEach, beforeEach, describe } from 'vitest';

import type { ConformanceContext } from './conformance/fixtures.js';
import { describeScheduleDefinition } from './conformance/schedule-definition.js';
import { describeScheduleExactlyOnce } from './conformance/schedule-exactly-once.js';
import { describeScheduleLease } from './conformance/schedule-lease.js';
import type { StorageConformanceOptions, StorageFixture } from './storage-conformance.js';

/**
 * Registers the schedule half of the storage conformance suite: upsert semantics, leases and
 * their fencing, atomic advances, release on shutdown and stale-server recovery, and several
 * real schedulers on one storage enqueueing each occurrence exactly once.
 *
 * Separate from runStorageConformance while PrismaStorage leases schedules on PostgreSQL and
 * SQLite only. TODO: fold it in once MySQL/MariaDB and SQL Server lease schedules too.
 */
export function runScheduleConformance(options: StorageConformanceOptions): void {
  const clock = options.clock ?? (() => new Date());
  let fixture: StorageFixture | undefined;

  const ctx: ConformanceContext = {
    storage: () => {
      if (fixture === undefined) {
        throw new AssertionError({ message: 'schedule conformance: storage used outside a test' });
      }
      return fixture.storage;
    },
    now: () => clock(),
  };

  describe(`schedule conformance: ${options.name}`, { timeout: options.testTimeoutMs ?? 30_000 }, () => {
    beforeEach(async () => {
      fixture = await options.create();
    });

    afterEach(async () => {
      const current = fixture;
      fixture = undefined;
      await current?.cleanup();
    });

    describe('scheduleUpsert / scheduleGet / scheduleList / scheduleSetEnabled / scheduleDelete', () =>
      describeScheduleDefinition(ctx));
    describe('scheduleLeaseDue / scheduleAdvance / scheduleRelease / recovery', () => describeScheduleLease(ctx));
    describe('schedulers on one storage', () => describeScheduleExactlyOnce(ctx));
  });
}
