import { systemClock, type Clock } from '../clock/clock.js';
import { StorageTransactionUnsupportedError } from '../errors/storage-errors.js';
import type {
  JobCompleteParams,
  JobCounts,
  JobDetails,
  JobErrorRecord,
  JobFailParams,
  JobInsertParams,
  JobInsertResult,
  JobLeaseParams,
  JobRecord,
  JobReleaseParams,
  JobStorage,
  RecoveredServer,
  ScheduleAdvanceParams,
  ScheduleAdvanceResult,
  ScheduleLeaseDueParams,
  ScheduleRecord,
  ScheduleReleaseParams,
  ScheduleSetEnabledParams,
  ScheduleUpsertParams,
  ScheduleUpsertResult,
  ServerInfo,
  ServerRecord,
  ServerRecoverStaleParams,
  StorageCallContext,
} from './storage-contract.js';
import { InMemorySchedules } from './in-memory-schedules.js';

/** Options of {@link InMemoryStorage}. */
export interface InMemoryStorageOptions {
  /**
   * The storage's own clock: it stamps heartbeats and judges staleness with it.
   * @defaultValue the wall clock
   */
  clock?: Clock;
}

interface StoredJob {
  record: JobRecord;
  errors: JobErrorRecord[];
}

function copyRecord(record: JobRecord): JobRecord {
  return {
    ...record,
    runAt: new Date(record.runAt),
    availableAt: record.availableAt === null ? null : new Date(record.availableAt),
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
    completedAt: record.completedAt === null ? null : new Date(record.completedAt),
    failedAt: record.failedAt === null ? null : new Date(record.failedAt),
  };
}

function copyError(error: JobErrorRecord): JobErrorRecord {
  return { ...error, occurredAt: new Date(error.occurredAt) };
}

function copyServer(server: ServerRecord): ServerRecord {
  return {
    ...server,
    queues: [...server.queues],
    startedAt: new Date(server.startedAt),
    lastHeartbeatAt: new Date(server.lastHeartbeatAt),
  };
}

/** Lease order: oldest `availableAt` first, ties by id. */
function leaseOrder(a: JobRecord, b: JobRecord): number {
  const byTime = (a.availableAt?.getTime() ?? 0) - (b.availableAt?.getTime() ?? 0);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A {@link JobStorage} in process memory, for tests, samples and single-process apps that can
 * lose their jobs on restart. Each method does all its work synchronously before its promise
 * settles, so every operation is atomic with respect to the others. It hands out copies, never
 * its own records, so a caller's mutation cannot leak into the store.
 *
 * Finished jobs are kept for the life of the instance (their idempotency keys stay taken).
 */
export class InMemoryStorage implements JobStorage {
  private readonly clock: Clock;
  private readonly jobs = new Map<string, StoredJob>();
  private readonly jobIdsByKey = new Map<string, string>();
  /** Pending and processing jobs per queue: the only ones a lease can take. */
  private readonly activeIdsByQueue = new Map<string, Set<string>>();
  private readonly servers = new Map<string, ServerRecord>();
  private readonly schedules = new InMemorySchedules((params) => this.insertJobNow(params));

  constructor(options: InMemoryStorageOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  // ---- jobs ----------------------------------------------------------------------------

  async jobCount(params: { queue?: string }): Promise<JobCounts> {
    const counts: JobCounts = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const { record } of this.jobs.values()) {
      if (params.queue === undefined || record.queue === params.queue) {
        counts[record.status] += 1;
      }
    }
    return counts;
  }

  async jobComplete(params: JobCompleteParams): Promise<number> {
    let completed = 0;
    for (const id of new Set(params.ids)) {
      const job = this.heldJob(id, params.leaseToken);
      if (job === undefined) continue;

      job.record = {
        ...job.record,
        status: 'completed',
        completedAt: new Date(params.now),
        updatedAt: new Date(params.now),
        availableAt: null,
        leaseToken: null,
        leaseOwner: null,
      };
      this.deactivate(job.record);
      completed += 1;
    }
    return completed;
  }

  async jobFail(params: JobFailParams): Promise<boolean> {
    const job = this.heldJob(params.id, params.leaseToken);
    if (job === undefined) return false;

    job.errors.push(copyError(params.error));
    const base = { ...job.record, updatedAt: new Date(params.now), leaseToken: null, leaseOwner: null };
    if (params.retryAt === null) {
      job.record = { ...base, status: 'failed', failedAt: new Date(params.now), availableAt: null };
      this.deactivate(job.record);
    } else {
      job.record = { ...base, status: 'pending', availableAt: new Date(params.retryAt) };
    }
    return true;
  }

  async jobGet(params: { id: string }): Promise<JobDetails | null> {
    const job = this.jobs.get(params.id);
    if (job === undefined) return null;
    return { ...copyRecord(job.record), errors: job.errors.map(copyError) };
  }

  async jobInsert(params: JobInsertParams, context?: StorageCallContext): Promise<JobInsertResult> {
    if (context?.transaction !== undefined) {
      throw new StorageTransactionUnsupportedError('InMemoryStorage');
    }
    return this.insertJobNow(params);
  }

  /** The synchronous body of {@link jobInsert}, shared with schedule advances. */
  private insertJobNow(params: JobInsertParams): JobInsertResult {
    if (params.idempotencyKey !== null) {
      const existingId = this.jobIdsByKey.get(params.idempotencyKey);
      if (existingId !== undefined) return { id: existingId, inserted: false };
      this.jobIdsByKey.set(params.idempotencyKey, params.id);
    }

    const record: JobRecord = {
      id: params.id,
      name: params.name,
      queue: params.queue,
      payload: params.payload,
      status: 'pending',
      runAt: new Date(params.runAt),
      availableAt: new Date(params.runAt),
      attempts: 0,
      maxAttempts: params.maxAttempts,
      idempotencyKey: params.idempotencyKey,
      scheduleKey: params.scheduleKey,
      leaseToken: null,
      leaseOwner: null,
      createdAt: new Date(params.now),
      updatedAt: new Date(params.now),
      completedAt: null,
      failedAt: null,
    };
    this.jobs.set(record.id, { record, errors: [] });
    this.activeIds(record.queue).add(record.id);
    return { id: record.id, inserted: true };
  }

  async jobLease(params: JobLeaseParams): Promise<JobRecord[]> {
    const now = params.now.getTime();
    const due: StoredJob[] = [];
    for (const id of this.activeIds(params.queue)) {
      const job = this.jobs.get(id);
      const availableAt = job?.record.availableAt?.getTime();
      if (job !== undefined && availableAt !== undefined && availableAt <= now) due.push(job);
    }
    due.sort((a, b) => leaseOrder(a.record, b.record));

    return due.slice(0, Math.max(0, params.limit)).map((job) => {
      job.record = {
        ...job.record,
        status: 'processing',
        attempts: job.record.attempts + 1,
        leaseToken: params.leaseToken,
        leaseOwner: params.leaseOwner,
        availableAt: new Date(params.leaseExpiresAt),
        updatedAt: new Date(params.now),
      };
      return copyRecord(job.record);
    });
  }

  async jobRelease(params: JobReleaseParams): Promise<number> {
    const candidates = params.ids === undefined ? [...this.jobs.keys()] : [...new Set(params.ids)];
    let released = 0;
    for (const id of candidates) {
      const job = this.heldJob(id, params.leaseToken);
      if (job === undefined) continue;

      this.releaseJob(job, params.now, params.refundAttempt);
      released += 1;
    }
    return released;
  }

  // ---- servers (heartbeats) --------------------------------------------------------------

  async serverHeartbeat(params: ServerInfo): Promise<{ registered: boolean }> {
    const registered = !this.servers.has(params.serverId);
    this.servers.set(params.serverId, {
      ...params,
      queues: [...params.queues],
      startedAt: new Date(params.startedAt),
      lastHeartbeatAt: this.clock.now(),
    });
    return { registered };
  }

  async serverList(): Promise<ServerRecord[]> {
    return [...this.servers.values()]
      .sort((a, b) => a.lastHeartbeatAt.getTime() - b.lastHeartbeatAt.getTime())
      .map(copyServer);
  }

  async serverRecoverStale(params: ServerRecoverStaleParams): Promise<RecoveredServer[]> {
    const now = this.clock.now();
    const staleBefore = now.getTime() - params.staleAfterMs;
    const recovered: RecoveredServer[] = [];

    for (const server of [...this.servers.values()]) {
      if (server.serverId === params.exceptServerId) continue;
      if (server.lastHeartbeatAt.getTime() >= staleBefore) continue;

      this.servers.delete(server.serverId);
      let releasedJobs = 0;
      for (const job of this.jobs.values()) {
        if (job.record.status === 'processing' && job.record.leaseOwner === server.serverId) {
          // The attempt may have run, so it stays counted.
          this.releaseJob(job, now, false);
          releasedJobs += 1;
        }
      }
      const releasedSchedules = this.schedules.releaseOwnedBy(server.serverId);
      recovered.push({ serverId: server.serverId, releasedJobs, releasedSchedules });
    }
    return recovered;
  }

  async serverRemove(params: { serverId: string }): Promise<void> {
    this.servers.delete(params.serverId);
  }

  // ---- schedules -------------------------------------------------------------------------

  async scheduleAdvance(params: ScheduleAdvanceParams): Promise<ScheduleAdvanceResult> {
    return this.schedules.advance(params);
  }

  async scheduleDelete(params: { key: string }): Promise<boolean> {
    return this.schedules.delete(params.key);
  }

  async scheduleGet(params: { key: string }): Promise<ScheduleRecord | null> {
    return this.schedules.get(params.key);
  }

  async scheduleLeaseDue(params: ScheduleLeaseDueParams): Promise<ScheduleRecord[]> {
    return this.schedules.leaseDue(params);
  }

  async scheduleList(): Promise<ScheduleRecord[]> {
    return this.schedules.list();
  }

  async scheduleRelease(params: ScheduleReleaseParams): Promise<number> {
    return this.schedules.release(params);
  }

  async scheduleSetEnabled(params: ScheduleSetEnabledParams): Promise<ScheduleRecord | null> {
    return this.schedules.setEnabled(params);
  }

  async scheduleUpsert(params: ScheduleUpsertParams): Promise<ScheduleUpsertResult> {
    return this.schedules.upsert(params);
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** The job when it is processing under exactly this lease token. */
  private heldJob(id: string, leaseToken: string): StoredJob | undefined {
    const job = this.jobs.get(id);
    if (job?.record.status !== 'processing' || job.record.leaseToken !== leaseToken) return undefined;
    return job;
  }

  private releaseJob(job: StoredJob, now: Date, refundAttempt: boolean): void {
    job.record = {
      ...job.record,
      status: 'pending',
      attempts: refundAttempt ? Math.max(0, job.record.attempts - 1) : job.record.attempts,
      availableAt: new Date(now),
      updatedAt: new Date(now),
      leaseToken: null,
      leaseOwner: null,
    };
  }

  private activeIds(queue: string): Set<string> {
    let ids = this.activeIdsByQueue.get(queue);
    if (ids === undefined) {
      ids = new Set();
      this.activeIdsByQueue.set(queue, ids);
    }
    return ids;
  }

  private deactivate(record: JobRecord): void {
    this.activeIdsByQueue.get(record.queue)?.delete(record.id);
  }
}
