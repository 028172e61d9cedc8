import {
  JOB_STATUSES,
  type JobCompleteParams,
  type JobCounts,
  type JobDetails,
  type JobFailParams,
  type JobInsertParams,
  type JobInsertResult,
  type JobLeaseParams,
  type JobRecord,
  type JobReleaseParams,
  type JobStorage,
  type RecoveredServer,
  type ScheduleAdvanceParams,
  type ScheduleAdvanceResult,
  type ScheduleLeaseDueParams,
  type ScheduleRecord,
  type ScheduleReleaseParams,
  type ScheduleSetEnabledParams,
  type ScheduleUpsertParams,
  type ScheduleUpsertResult,
  type ServerInfo,
  type ServerRecord,
  type ServerRecoverStaleParams,
  type StorageCallContext,
} from '@atomizer/core';

import type { Dialect } from './dialects/dialect.js';
import { OperationRunner } from './operation-runner.js';
import { insertJob } from './operations/job-insert.js';
import { failJob } from './operations/job-fail.js';
import { beatServer } from './operations/server-heartbeat.js';
import { recoverStaleServers } from './operations/server-recover-stale.js';
import { runWrite, type StorageContext } from './operations/storage-context.js';
import type { AtomizerJobWhere } from './prisma-client-shape.js';
import { resolvePrismaStorageOptions, type PrismaStorageOptions } from './prisma-storage-options.js';
import { jobErrorRecordFromRow, jobRecordFromRow, serverRecordFromRow } from './records.js';
import {
  advanceSchedule,
  deleteSchedule,
  getSchedule,
  leaseDueSchedules,
  listSchedules,
  releaseSchedules,
  setScheduleEnabled,
  upsertSchedule,
} from './schedules/schedule-operations.js';
import { resolveTransactionClient } from './transaction-client.js';

/**
 * Most ids one statement names. Far below every database's bound-parameter limit (SQLite
 * 32 766, PostgreSQL 65 535, SQL Server 2 100), so long id lists are split, never rejected.
 */
const IDS_PER_STATEMENT = 1_000;

/**
 * Atomizer's job storage over your own PrismaClient (Prisma 7, driver adapters).
 *
 * Add Atomizer's model file to your schema, migrate, then pass the client:
 * ```ts
 * const storage = new PrismaStorage({ prisma, provider: 'postgresql' });
 * ```
 * The lease is one raw statement per batch (SKIP LOCKED on PostgreSQL); completions are one
 * fenced `updateMany` per batch; everything else uses Prisma's query API. Enqueue can join your
 * interactive transaction: pass its `tx` as `transaction`.
 */
export class PrismaStorage implements JobStorage {
  private readonly context: StorageContext;

  /** @throws ConfigInvalidError when an option breaks its rule (the message names it). */
  constructor(options: PrismaStorageOptions) {
    const resolved = resolvePrismaStorageOptions(options);
    const dialect: Dialect = resolved.dialect;
    this.context = {
      prisma: resolved.prisma,
      dialect,
      tables: { jobs: dialect.tableName('atomizer_jobs', resolved.schema) },
      schedulesTable: dialect.tableName('atomizer_schedules', resolved.schema),
      runner: new OperationRunner(resolved.prisma, dialect.singleConnection),
    };
  }

  // ---- jobs ----------------------------------------------------------------------------

  /** {@inheritDoc JobStorage.jobCount} */
  jobCount(params: { queue?: string }): Promise<JobCounts> {
    const { prisma, runner } = this.context;
    return runner.run('jobCount', async () => {
      const groups = await prisma.atomizerJob.groupBy({
        by: ['status'],
        where: params.queue === undefined ? {} : { queue: params.queue },
        _count: { _all: true },
      });
      const counts: JobCounts = { pending: 0, processing: 0, completed: 0, failed: 0 };
      for (const group of groups) {
        if ((JOB_STATUSES as readonly string[]).includes(group.status)) {
          counts[group.status as keyof JobCounts] = group._count._all;
        }
      }
      return counts;
    });
  }

  /** {@inheritDoc JobStorage.jobComplete} */
  async jobComplete(params: JobCompleteParams): Promise<number> {
    const { runner } = this.context;
    let completed = 0;
    for (const ids of chunks(params.ids, IDS_PER_STATEMENT)) {
      const { count } = await runner.run('jobComplete', async () =>
        runWrite(this.context, (client) => client.atomizerJob.updateMany({
          where: { id: { in: ids }, leaseToken: params.leaseToken, status: 'processing' },
          data: {
            status: 'completed',
            completedAt: params.now,
            updatedAt: params.now,
            availableAt: null,
            leaseToken: null,
            leaseOwner: null,
          },
        })),
      );
      completed += count;
    }
    return completed;
  }

  /** {@inheritDoc JobStorage.jobFail} */
  jobFail(params: JobFailParams): Promise<boolean> {
    return failJob(this.context, params);
  }

  /** {@inheritDoc JobStorage.jobGet} */
  jobGet(params: { id: string }): Promise<JobDetails | null> {
    const { prisma, runner } = this.context;
    return runner.run('jobGet', async () => {
      const row = await prisma.atomizerJob.findUnique({
        where: { id: params.id },
        include: { errors: { orderBy: { id: 'asc' } } },
      });
      if (row === null) return null;
      return { ...jobRecordFromRow(row), errors: row.errors.map(jobErrorRecordFromRow) };
    });
  }

  /**
   * {@inheritDoc JobStorage.jobInsert}
   *
   * With `context.transaction` (the `tx` of your `prisma.$transaction(async (tx) => ...)`),
   * the job is inserted in your transaction: it exists once you commit and never if you roll
   * back. A taken idempotency key never breaks that transaction.
   */
  async jobInsert(params: JobInsertParams, context?: StorageCallContext): Promise<JobInsertResult> {
    const { runner } = this.context;
    const transaction = resolveTransactionClient(context?.transaction);
    if (transaction !== undefined) {
      return runner.runInCallerTransaction('jobInsert', () => insertJob(this.context, transaction, params));
    }
    return runner.run('jobInsert', () => insertJob(this.context, this.context.prisma, params));
  }

  /** {@inheritDoc JobStorage.jobLease} */
  jobLease(params: JobLeaseParams): Promise<JobRecord[]> {
    const { prisma, dialect, tables, runner } = this.context;
    if (params.limit <= 0) return Promise.resolve([]);
    return runner.run('jobLease', () => dialect.leaseJobs(prisma, tables, params));
  }

  /** {@inheritDoc JobStorage.jobRelease} */
  async jobRelease(params: JobReleaseParams): Promise<number> {
    const { runner } = this.context;
    // Without ids, the whole lease is released in one statement (one batch of undefined).
    const batches: Array<string[] | undefined> = params.ids === undefined ? [undefined] : chunks(params.ids, IDS_PER_STATEMENT);
    let released = 0;
    for (const ids of batches) {
      const where: AtomizerJobWhere = { leaseToken: params.leaseToken, status: 'processing' };
      if (ids !== undefined) where.id = { in: ids };
      const { count } = await runner.run('jobRelease', async () =>
        runWrite(this.context, (client) => client.atomizerJob.updateMany({
          where,
          data: {
            status: 'pending',
            availableAt: params.now,
            updatedAt: params.now,
            leaseToken: null,
            leaseOwner: null,
            ...(params.refundAttempt ? { attempts: { decrement: 1 } } : {}),
          },
        })),
      );
      released += count;
    }
    return released;
  }

  // ---- schedules (recurring jobs) ---------------------------------------------------------

  /** {@inheritDoc ScheduleStorage.scheduleAdvance} One interactive transaction. */
  scheduleAdvance(params: ScheduleAdvanceParams): Promise<ScheduleAdvanceResult> {
    return advanceSchedule(this.context, params);
  }

  /** {@inheritDoc ScheduleStorage.scheduleDelete} */
  scheduleDelete(params: { key: string }): Promise<boolean> {
    return deleteSchedule(this.context, params.key);
  }

  /** {@inheritDoc ScheduleStorage.scheduleGet} */
  scheduleGet(params: { key: string }): Promise<ScheduleRecord | null> {
    return getSchedule(this.context, params.key);
  }

  /** {@inheritDoc ScheduleStorage.scheduleLeaseDue} One raw statement (SKIP LOCKED on PostgreSQL). */
  scheduleLeaseDue(params: ScheduleLeaseDueParams): Promise<ScheduleRecord[]> {
    return leaseDueSchedules(this.context, params);
  }

  /** {@inheritDoc ScheduleStorage.scheduleList} */
  scheduleList(): Promise<ScheduleRecord[]> {
    return listSchedules(this.context);
  }

  /** {@inheritDoc ScheduleStorage.scheduleRelease} */
  scheduleRelease(params: ScheduleReleaseParams): Promise<number> {
    return releaseSchedules(this.context, params);
  }

  /** {@inheritDoc ScheduleStorage.scheduleSetEnabled} */
  scheduleSetEnabled(params: ScheduleSetEnabledParams): Promise<ScheduleRecord | null> {
    return setScheduleEnabled(this.context, params);
  }

  /** {@inheritDoc ScheduleStorage.scheduleUpsert} */
  scheduleUpsert(params: ScheduleUpsertParams): Promise<ScheduleUpsertResult> {
    return upsertSchedule(this.context, params);
  }

  // ---- servers (heartbeats) --------------------------------------------------------------

  /** {@inheritDoc JobStorage.serverHeartbeat} The stamp comes from the database clock. */
  serverHeartbeat(params: ServerInfo): Promise<{ registered: boolean }> {
    return beatServer(this.context, params);
  }

  /** {@inheritDoc JobStorage.serverList} */
  serverList(): Promise<ServerRecord[]> {
    const { prisma, runner } = this.context;
    return runner.run('serverList', async () => {
      const rows = await prisma.atomizerServer.findMany({ orderBy: [{ lastHeartbeatAt: 'asc' }, { serverId: 'asc' }] });
      return rows.map(serverRecordFromRow);
    });
  }

  /** {@inheritDoc JobStorage.serverRecoverStale} Staleness is judged on the database clock. */
  serverRecoverStale(params: ServerRecoverStaleParams): Promise<RecoveredServer[]> {
    return recoverStaleServers(this.context, params);
  }

  /** {@inheritDoc JobStorage.serverRemove} */
  async serverRemove(params: { serverId: string }): Promise<void> {
    const { prisma, runner } = this.context;
    await runner.run('serverRemove', async () => prisma.atomizerServer.deleteMany({ where: { serverId: params.serverId } }));
  }
}

/** `items` in consecutive slices of at most `size`; none for an empty list. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
