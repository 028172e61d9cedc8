/**
 * MySQL 8 and MariaDB 10.6+ (Prisma provider "mysql", @prisma/adapter-mariadb).
 *
 * Neither has `UPDATE ... RETURNING`, so the lease is two statements in one short READ
 * COMMITTED transaction: a locking SELECT that skips rows other lessees hold, then an UPDATE of
 * exactly the rows it locked. How that stays free of deadlocks while many pumps lease and many
 * clients enqueue:
 * - The SELECT is forced onto the (queue, available_at) index. InnoDB appends the primary key
 *   to every secondary index, so the index order is the ORDER BY (available_at, id) and the
 *   scan stops after `limit` lockable rows. Without the index a locking read sorts all due
 *   rows of the queue and locks every row it scanned; on a small or freshly analysed table
 *   the optimizer may pick that plan by itself, hence the hint rather than a hope.
 * - SKIP LOCKED never waits for a row lock, so the SELECT cannot be part of a lock cycle.
 * - The UPDATE is forced onto the primary key, in ascending id order, and touches only rows the
 *   transaction already holds: it never waits either. (Left to itself, the optimizer may scan
 *   a small table in full and then wait on rows that concurrent completions hold.)
 * - READ COMMITTED takes no gap locks, so an enqueue's INSERT never waits on a lessee.
 * A deadlock that still happens (the engine is free to choose plans for other statements) is
 * error 1213; the operation runner classifies it as a write conflict and runs the whole lease
 * again, so it never surfaces as a failed poll.
 *
 * Timestamps: the columns are DATETIME(3), which stores what it is given and never converts
 * time zones; the adapter binds and reads them as UTC. The database clock is therefore
 * UTC_TIMESTAMP(3), never NOW(3), which answers in the session time zone.
 */
import { InternalError, type JobLeaseParams, type JobRecord } from '@atomizer/core';
import { join, raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import { TRANSACTION_OPTIONS } from '../operations/storage-context.js';
import type { PrismaClientLike, PrismaQueryClient } from '../prisma-client-shape.js';
import { JOB_COLUMNS, jobRecordFromSqlRow, toDate } from '../records.js';
import type { AtomizerTables, Dialect } from './dialect.js';

/** Index named in atomizer.prisma (`map:`) that serves the lease scan. */
export const MYSQL_LEASE_INDEX = 'atomizer_jobs_queue_available_at_idx';

const SELECTED_COLUMNS = raw(JOB_COLUMNS.map((column) => `\`${column}\``).join(', '));

/**
 * Leases due jobs of one queue.
 *
 * Parameters: queue, now, limit (SELECT); leaseToken, leaseOwner, leaseExpiresAt, now, ids
 * (UPDATE).
 *
 * The returned records are the selected rows with the lease applied in memory: the rows are
 * locked from the SELECT to the COMMIT, so nothing else can have changed them.
 */
async function leaseJobs(client: PrismaClientLike, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]> {
  return client.$transaction(
    async (tx) => {
      const picked = await selectDueForUpdate(tx, tables, params);
      if (picked.length === 0) return [];

      const ids = picked.map((job) => job.id).sort(compareIds);
      const updated = await tx.$executeRaw(sql`
        UPDATE ${tables.jobs} FORCE INDEX (PRIMARY)
        SET status = 'processing',
            lease_token = ${params.leaseToken},
            lease_owner = ${params.leaseOwner},
            available_at = ${params.leaseExpiresAt},
            attempts = attempts + 1,
            updated_at = ${params.now}
        WHERE id IN (${join(ids)})
        ORDER BY id`);
      if (updated !== ids.length) {
        throw new InternalError(`MySQL lease updated ${updated} of the ${ids.length} rows it had locked`);
      }

      return picked.map((job) => ({
        ...job,
        status: 'processing' as const,
        leaseToken: params.leaseToken,
        leaseOwner: params.leaseOwner,
        availableAt: params.leaseExpiresAt,
        attempts: job.attempts + 1,
        updatedAt: params.now,
      }));
    },
    { ...TRANSACTION_OPTIONS, isolationLevel: 'ReadCommitted' },
  );
}

/**
 * The locking scan. Rows whose queue only matches under the column's case-insensitive
 * collation (`Files` for `files`) are dropped here: they stay locked until the COMMIT a few
 * milliseconds later but are neither updated nor returned.
 */
async function selectDueForUpdate(tx: PrismaQueryClient, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]> {
  const rows = await tx.$queryRaw<Array<Record<string, unknown>>>(mysqlLeaseSelect(tables, params));
  return rows.map(jobRecordFromSqlRow).filter((job) => job.queue === params.queue);
}

/**
 * The lease's locking SELECT. Parameters: queue, now, limit.
 * @internal exported for the test that EXPLAINs it.
 */
export function mysqlLeaseSelect(tables: Pick<AtomizerTables, 'jobs'>, params: Pick<JobLeaseParams, 'queue' | 'now' | 'limit'>): Sql {
  return sql`
    SELECT ${SELECTED_COLUMNS}
    FROM ${tables.jobs} FORCE INDEX (${raw(MYSQL_LEASE_INDEX)})
    WHERE queue = ${params.queue} AND available_at <= ${params.now}
    ORDER BY available_at, id
    LIMIT ${params.limit}
    FOR UPDATE SKIP LOCKED`;
}

/** Byte order of ASCII ids: the order InnoDB walks the primary key in. */
function compareIds(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** The database clock in UTC, to the millisecond. */
async function databaseNow(client: PrismaQueryClient): Promise<Date> {
  const rows = await client.$queryRaw<Array<{ now: unknown }>>(sql`SELECT UTC_TIMESTAMP(3) AS now`);
  const now = toDate(rows[0]?.now);
  if (now === undefined) throw new InternalError(`SELECT UTC_TIMESTAMP(3) returned ${String(rows[0]?.now)}`);
  return now;
}

/**
 * The id of the job holding an idempotency key. A locking read (LOCK IN SHARE MODE, which MySQL 8
 * and MariaDB both accept) reads the latest committed row: a plain SELECT inside a caller's
 * REPEATABLE READ transaction reads that transaction's snapshot, which may predate the job
 * whose key made our INSERT fail. Parameters: key.
 */
async function findKeyHolder(client: PrismaQueryClient, tables: AtomizerTables, key: string): Promise<string | null> {
  const rows = await client.$queryRaw<Array<{ id: string }>>(sql`
    SELECT id FROM ${tables.jobs} WHERE idempotency_key = ${key} LOCK IN SHARE MODE`);
  return rows[0]?.id ?? null;
}

/** Backquotes an identifier the options validation already restricted to [A-Za-z0-9_]. */
function quote(identifier: string): string {
  return `\`${identifier.replaceAll('`', '``')}\``;
}

/** The MySQL / MariaDB dialect. */
export const mysqlDialect: Dialect = {
  provider: 'mysql',
  // Prisma implements skipDuplicates on MySQL as INSERT IGNORE, which also turns other errors
  // (a value too long, a bad date) into warnings and stores something else. A failed INSERT
  // leaves a MySQL transaction usable, so inserting and catching the duplicate is safe here.
  insertSkipsDuplicates: false,
  singleConnection: false,
  // The tables live in the database the connection URL names, as for Prisma's own queries.
  supportsSchemaOption: false,
  tableName: (table) => raw(quote(table)),
  writeIsolationLevel: 'ReadCommitted',
  leaseJobs,
  databaseNow,
  findKeyHolder,
};
