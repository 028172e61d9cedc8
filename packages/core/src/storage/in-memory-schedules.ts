import type {
  JobInsertParams,
  JobInsertResult,
  ScheduleAdvanceParams,
  ScheduleAdvanceResult,
  ScheduleLeaseDueParams,
  ScheduleRecord,
  ScheduleReleaseParams,
  ScheduleSetEnabledParams,
  ScheduleUpsertParams,
  ScheduleUpsertResult,
} from './storage-contract.js';

/** Inserts one job synchronously, with the idempotency rule of `jobInsert`. */
export type InsertJobNow = (params: JobInsertParams) => JobInsertResult;

function copyNullableDate(date: Date | null): Date | null {
  return date === null ? null : new Date(date);
}

function copySchedule(record: ScheduleRecord): ScheduleRecord {
  return {
    ...record,
    nextRunAt: copyNullableDate(record.nextRunAt),
    lastEnqueuedAt: copyNullableDate(record.lastEnqueuedAt),
    leaseExpiresAt: copyNullableDate(record.leaseExpiresAt),
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
  };
}

const NO_LEASE = { leaseToken: null, leaseOwner: null, leaseExpiresAt: null } as const;

/** Lease order: earliest `nextRunAt` first, ties by key. */
function leaseOrder(a: ScheduleRecord, b: ScheduleRecord): number {
  const byTime = (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0);
  if (byTime !== 0) return byTime;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The schedule half of `InMemoryStorage`. Its methods are synchronous, so the storage's async
 * wrappers stay atomic with respect to every other operation; job inserts of an advance go
 * through the storage's own synchronous insert, in the same step.
 */
export class InMemorySchedules {
  private readonly schedules = new Map<string, ScheduleRecord>();
  private readonly insertJob: InsertJobNow;

  constructor(insertJob: InsertJobNow) {
    this.insertJob = insertJob;
  }

  advance(params: ScheduleAdvanceParams): ScheduleAdvanceResult {
    const schedule = this.schedules.get(params.key);
    if (schedule === undefined || schedule.leaseToken !== params.leaseToken) {
      return { advanced: false, inserted: 0 };
    }

    let inserted = 0;
    for (const job of params.jobs) {
      if (this.insertJob(job).inserted) inserted += 1;
    }
    this.schedules.set(params.key, {
      ...schedule,
      ...NO_LEASE,
      nextRunAt: copyNullableDate(params.nextRunAt),
      lastEnqueuedAt: copyNullableDate(params.lastEnqueuedAt),
      updatedAt: new Date(params.now),
    });
    return { advanced: true, inserted };
  }

  delete(key: string): boolean {
    return this.schedules.delete(key);
  }

  get(key: string): ScheduleRecord | null {
    const schedule = this.schedules.get(key);
    return schedule === undefined ? null : copySchedule(schedule);
  }

  leaseDue(params: ScheduleLeaseDueParams): ScheduleRecord[] {
    const horizon = params.horizon.getTime();
    const now = params.now.getTime();
    const due = [...this.schedules.values()].filter(
      (schedule) =>
        schedule.enabled &&
        schedule.nextRunAt !== null &&
        schedule.nextRunAt.getTime() <= horizon &&
        (schedule.leaseExpiresAt === null || schedule.leaseExpiresAt.getTime() <= now),
    );
    due.sort(leaseOrder);

    return due.slice(0, Math.max(0, params.limit)).map((schedule) => {
      const leased: ScheduleRecord = {
        ...schedule,
        leaseToken: params.leaseToken,
        leaseOwner: params.leaseOwner,
        leaseExpiresAt: new Date(params.leaseExpiresAt),
      };
      this.schedules.set(schedule.key, leased);
      return copySchedule(leased);
    });
  }

  list(): ScheduleRecord[] {
    return [...this.schedules.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(copySchedule);
  }

  release(params: ScheduleReleaseParams): number {
    const keys = params.keys === undefined ? [...this.schedules.keys()] : [...new Set(params.keys)];
    let released = 0;
    for (const key of keys) {
      const schedule = this.schedules.get(key);
      if (schedule?.leaseToken !== params.leaseToken) continue;

      this.schedules.set(key, { ...schedule, ...NO_LEASE });
      released += 1;
    }
    return released;
  }

  /** Clears every lease `owner` holds (stale-server recovery). @returns how many. */
  releaseOwnedBy(owner: string): number {
    let released = 0;
    for (const schedule of [...this.schedules.values()]) {
      if (schedule.leaseToken === null || schedule.leaseOwner !== owner) continue;

      this.schedules.set(schedule.key, { ...schedule, ...NO_LEASE });
      released += 1;
    }
    return released;
  }

  setEnabled(params: ScheduleSetEnabledParams): ScheduleRecord | null {
    const schedule = this.schedules.get(params.key);
    if (schedule === undefined) return null;
    if (schedule.enabled === params.enabled) return copySchedule(schedule);

    const updated: ScheduleRecord = {
      ...schedule,
      ...NO_LEASE,
      enabled: params.enabled,
      nextRunAt: params.enabled ? copyNullableDate(params.nextRunAt) : schedule.nextRunAt,
      updatedAt: new Date(params.now),
    };
    this.schedules.set(params.key, updated);
    return copySchedule(updated);
  }

  upsert(params: ScheduleUpsertParams): ScheduleUpsertResult {
    const existing = this.schedules.get(params.key);
    const definition = {
      key: params.key,
      name: params.name,
      queue: params.queue,
      payload: params.payload,
      cron: params.cron,
      timeZone: params.timeZone,
      misfirePolicy: params.misfirePolicy,
      maxCatchUp: params.maxCatchUp,
      maxAttempts: params.maxAttempts,
      updatedAt: new Date(params.now),
    };

    if (existing === undefined) {
      const created: ScheduleRecord = {
        ...definition,
        ...NO_LEASE,
        enabled: params.enabled ?? true,
        nextRunAt: copyNullableDate(params.nextRunAt),
        lastEnqueuedAt: null,
        createdAt: new Date(params.now),
      };
      this.schedules.set(params.key, created);
      return { schedule: copySchedule(created), created: true };
    }

    const enabled = params.enabled ?? existing.enabled;
    const timingChanged =
      existing.cron !== params.cron ||
      existing.timeZone !== params.timeZone ||
      (enabled && !existing.enabled);
    const updated: ScheduleRecord = {
      ...existing,
      ...definition,
      ...NO_LEASE,
      enabled,
      nextRunAt: timingChanged ? copyNullableDate(params.nextRunAt) : existing.nextRunAt,
    };
    this.schedules.set(params.key, updated);
    return { schedule: copySchedule(updated), created: false };
  }
}
