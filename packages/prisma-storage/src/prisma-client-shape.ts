/**
 * The part of a user's PrismaClient that PrismaStorage uses, described structurally.
 *
 * Users generate their own client (with their own models next to Atomizer's), so this package
 * cannot import a generated `PrismaClient` type. Any client generated from a schema that holds
 * `prisma/<provider>/atomizer.prisma` fits these interfaces; so does the `tx` client of an
 * interactive `$transaction`, for the operations that accept one.
 */
import type { Sql } from '@prisma/client/runtime/client';

/** A row of `atomizer_jobs` as Prisma's query API returns it. */
export interface AtomizerJobRow {
  id: string;
  name: string;
  queue: string;
  payload: string;
  status: string;
  runAt: Date;
  availableAt: Date | null;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
  scheduleKey: string | null;
  leaseToken: string | null;
  leaseOwner: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  failedAt: Date | null;
}

/** A row of `atomizer_job_errors` as Prisma's query API returns it. */
export interface AtomizerJobErrorRow {
  attempt: number;
  errorType: string;
  message: string;
  stack: string | null;
  serverId: string | null;
  occurredAt: Date;
}

/** A row of `atomizer_servers` as Prisma's query API returns it. */
export interface AtomizerServerRow {
  serverId: string;
  instanceId: string;
  host: string;
  pid: number;
  startedAt: Date;
  lastHeartbeatAt: Date;
  queues: string;
}

/** The columns written when a job is inserted. */
export type AtomizerJobCreateData = Omit<AtomizerJobRow, 'leaseToken' | 'leaseOwner' | 'completedAt' | 'failedAt'>;

/** Filter on jobs, limited to what the storage asks. */
export interface AtomizerJobWhere {
  id?: string | { in: string[] };
  queue?: string;
  status?: string;
  leaseToken?: string;
  leaseOwner?: string;
}

/** Columns the storage changes on a job after insert. */
export interface AtomizerJobUpdateData {
  status?: string;
  availableAt?: Date | null;
  attempts?: { decrement: number };
  leaseToken?: null;
  leaseOwner?: null;
  updatedAt?: Date;
  completedAt?: Date;
  failedAt?: Date;
}

/** The columns written for one failed attempt. */
export interface AtomizerJobErrorCreateData extends AtomizerJobErrorRow {
  jobId: string;
}

/** Result of `updateMany`, `deleteMany` and `createMany`. */
export interface BatchCount {
  count: number;
}

/** `prisma.atomizerJob`, the subset used. */
export interface AtomizerJobDelegate {
  create(args: { data: AtomizerJobCreateData; select: { id: true } }): PromiseLike<{ id: string }>;
  /**
   * Declared without `skipDuplicates`, which only some providers' clients have (a SQLite
   * client's type forbids it), so that every provider's client fits; the storage passes it only
   * where the dialect says it exists.
   */
  createMany(args: { data: AtomizerJobCreateData[] }): PromiseLike<BatchCount>;
  findUnique(args: {
    where: { id: string };
    include: { errors: { orderBy: { id: 'asc' } } };
  }): PromiseLike<(AtomizerJobRow & { errors: AtomizerJobErrorRow[] }) | null>;
  findFirst(args: { where: { idempotencyKey: string }; select: { id: true } }): PromiseLike<{ id: string } | null>;
  updateMany(args: { where: AtomizerJobWhere; data: AtomizerJobUpdateData }): PromiseLike<BatchCount>;
  groupBy(args: {
    by: ['status'];
    where: { queue?: string };
    _count: { _all: true };
  }): PromiseLike<Array<{ status: string; _count: { _all: number } }>>;
}

/** `prisma.atomizerJobError`, the subset used. */
export interface AtomizerJobErrorDelegate {
  create(args: { data: AtomizerJobErrorCreateData; select: { id: true } }): PromiseLike<unknown>;
}

/** `prisma.atomizerServer`, the subset used. */
export interface AtomizerServerDelegate {
  create(args: { data: AtomizerServerRow; select: { serverId: true } }): PromiseLike<unknown>;
  updateMany(args: {
    where: { serverId: string };
    data: Omit<AtomizerServerRow, 'serverId'>;
  }): PromiseLike<BatchCount>;
  findMany(args: {
    where?: { lastHeartbeatAt: { lt: Date }; serverId: { not: string } };
    orderBy: Array<{ lastHeartbeatAt: 'asc' } | { serverId: 'asc' }>;
  }): PromiseLike<AtomizerServerRow[]>;
  deleteMany(args: { where: { serverId: string; lastHeartbeatAt?: { lt: Date } } }): PromiseLike<BatchCount>;
}

/** A row of `atomizer_schedules` as Prisma's query API returns it. */
export interface AtomizerScheduleRow {
  key: string;
  name: string;
  queue: string;
  payload: string;
  cron: string;
  timeZone: string;
  misfirePolicy: string;
  maxCatchUp: number;
  maxAttempts: number;
  enabled: boolean;
  nextRunAt: Date | null;
  lastEnqueuedAt: Date | null;
  leaseToken: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Filter on schedules, limited to what the storage asks. */
export interface AtomizerScheduleWhere {
  key?: string | { in: string[] };
  cron?: string;
  timeZone?: string;
  enabled?: boolean;
  leaseToken?: string;
  leaseOwner?: string;
}

/** `prisma.atomizerSchedule`, the subset used. */
export interface AtomizerScheduleDelegate {
  create(args: { data: AtomizerScheduleRow; select: { key: true } }): PromiseLike<unknown>;
  findUnique(args: { where: { key: string } }): PromiseLike<AtomizerScheduleRow | null>;
  findMany(args: { orderBy: { key: 'asc' } }): PromiseLike<AtomizerScheduleRow[]>;
  updateMany(args: { where: AtomizerScheduleWhere; data: Partial<AtomizerScheduleRow> }): PromiseLike<BatchCount>;
  deleteMany(args: { where: { key: string } }): PromiseLike<BatchCount>;
}

/**
 * What one query runs on: the client itself, or the `tx` client inside an interactive
 * transaction. Raw SQL goes through `$queryRaw` only, with values bound.
 */
export interface PrismaQueryClient {
  atomizerJob: AtomizerJobDelegate;
  atomizerJobError: AtomizerJobErrorDelegate;
  atomizerServer: AtomizerServerDelegate;
  /**
   * Present when the schema holds the AtomizerSchedule model (every shipped model file does).
   * Optional so a schema from before recurring schedules still runs jobs and recovers servers;
   * the schedule operations then fail with a ConfigInvalidError that says what to add.
   */
  atomizerSchedule?: AtomizerScheduleDelegate;
  // `$queryRaw` is declared as Prisma declares it: a tag function that also accepts one
  // prebuilt `Sql` object, which is how the dialect files call it.
  $queryRaw<T = unknown>(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<T>;
  /** Like `$queryRaw`, for statements that return no rows; resolves to the affected row count. */
  $executeRaw(query: TemplateStringsArray | Sql, ...values: unknown[]): PromiseLike<number>;
}

/** The user's PrismaClient: a query client that can also open interactive transactions. */
export interface PrismaClientLike extends PrismaQueryClient {
  $transaction<R>(
    fn: (tx: PrismaQueryClient) => Promise<R>,
    options?: {
      maxWait?: number;
      timeout?: number;
      isolationLevel?: 'ReadUncommitted' | 'ReadCommitted' | 'RepeatableRead' | 'Snapshot' | 'Serializable';
    },
  ): Promise<R>;
}
