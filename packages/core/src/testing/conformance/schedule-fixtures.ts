import { randomUUID } from 'node:crypto';
import { AssertionError } from 'node:assert';

import type {
  JobInsertParams,
  JobStorage,
  ScheduleLeaseDueParams,
  ScheduleUpsertParams,
} from '../../storage/storage-contract.js';
import { at, type ConformanceContext } from './fixtures.js';

/** The storage under test; the schedule operations are part of JobStorage. */
export function fullStorage(ctx: ConformanceContext): JobStorage {
  return ctx.storage();
}

/** Upsert parameters of an hourly schedule due at `now + 1 h`; override what the test is about. */
export function upsertParams(now: Date, overrides: Partial<ScheduleUpsertParams> = {}): ScheduleUpsertParams {
  return {
    key: `schedule-${randomUUID()}`,
    name: 'conformance-job',
    queue: 'default',
    payload: '{"report":"daily"}',
    cron: '0 * * * *',
    timeZone: 'UTC',
    misfirePolicy: 'runOnce',
    maxCatchUp: 5,
    maxAttempts: 0,
    enabled: undefined,
    nextRunAt: at(now, 3_600_000),
    now,
    ...overrides,
  };
}

/** Lease parameters with a fresh token owned by `owner`, due up to `horizon`. */
export function scheduleLeaseParams(
  now: Date,
  overrides: Partial<ScheduleLeaseDueParams> & { visibilityMs?: number } = {},
): ScheduleLeaseDueParams {
  const { visibilityMs = 60_000, ...rest } = overrides;
  const leaseOwner = rest.leaseOwner ?? 'scheduler:*:000000000001';
  return {
    horizon: now,
    now,
    limit: 10,
    leaseToken: `${leaseOwner}:*:${randomUUID()}`,
    leaseOwner,
    leaseExpiresAt: at(now, visibilityMs),
    ...rest,
  };
}

/** The job a scheduler inserts for `occurrence` of schedule `key`. */
export function occurrenceJobParams(key: string, occurrence: Date, now: Date): JobInsertParams {
  return {
    id: randomUUID(),
    name: 'conformance-job',
    queue: 'default',
    payload: '{"report":"daily"}',
    runAt: occurrence,
    maxAttempts: 0,
    idempotencyKey: `schedule:${key}:${occurrence.toISOString()}`,
    scheduleKey: key,
    now,
  };
}

/** Creates a schedule due at `dueAt` and leases it; returns its key and the lease token. */
export async function leasedSchedule(
  storage: JobStorage,
  now: Date,
  dueAt: Date,
  overrides: Partial<ScheduleLeaseDueParams> = {},
): Promise<{ key: string; leaseToken: string }> {
  const { schedule } = await storage.scheduleUpsert(upsertParams(now, { nextRunAt: dueAt }));
  const lease = scheduleLeaseParams(now, { horizon: dueAt, ...overrides });
  const leased = await storage.scheduleLeaseDue(lease);
  if (!leased.some((candidate) => candidate.key === schedule.key)) {
    throw new AssertionError({ message: `storage conformance: schedule ${schedule.key} was not leased` });
  }
  return { key: schedule.key, leaseToken: lease.leaseToken };
}
