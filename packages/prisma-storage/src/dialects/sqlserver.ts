/**
 * SQL Server 2019+ (Prisma provider "sqlserver", @prisma/adapter-mssql).
 *
 * The lease is one statement: a CTE picks the oldest due rows with UPDLOCK (an update lock
 * held to the end of the statement, so two lessees cannot both pick a row), READPAST (rows
 * another lessee holds are skipped, not waited for) and ROWLOCK (no escalation to page locks
 * that would make READPAST skip innocent rows); the UPDATE through the CTE claims them, and
 * OUTPUT returns them as they are after the lease. `TOP` with `ORDER BY` inside the CTE keeps
 * the lease order, which a bare `UPDATE TOP (n)` does not promise. The queue is compared twice:
 * in the column's collation (usually case-insensitive), which seeks the index, and binary, so
 * queue `Files` is never leased by a pump of `files`.
 *
 * SQL Server reports a deadlock victim as error 1205; the operation runner classifies it as a
 * write conflict and runs the lease again.
 *
 * Timestamps: DATETIME2 columns hold no time zone; the adapter binds and reads them as UTC, so
 * the database clock is SYSUTCDATETIME(), never SYSDATETIME().
 */
import { InternalError, type JobLeaseParams, type JobRecord } from '@atomizer/core';
import { raw, sqltag as sql } from '@prisma/client/runtime/client';

import type { PrismaQueryClient } from '../prisma-client-shape.js';
import { JOB_COLUMNS, jobRecordFromSqlRow, toDate } from '../records.js';
import type { AtomizerTables, Dialect } from './dialect.js';

const OUTPUT_COLUMNS = raw(JOB_COLUMNS.map((column) => `inserted.[${column}]`).join(', '));

/**
 * Leases due jobs of one queue.
 *
 * Parameters: limit, queue, now (CTE); leaseToken, leaseOwner, leaseExpiresAt, now (UPDATE).
 *
 * OUTPUT returns rows in no promised order; `deleted.available_at` (the value before the lease)
 * lets the rows be put back into lease order.
 */
async function leaseJobs(client: PrismaQueryClient, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(sql`
    WITH picked AS (
      SELECT TOP (${params.limit}) *
      FROM ${tables.jobs} WITH (UPDLOCK, READPAST, ROWLOCK)
      WHERE queue = ${params.queue} AND available_at <= ${params.now}
        AND queue = ${params.queue} COLLATE Latin1_General_BIN2
      ORDER BY available_at, id
    )
    UPDATE picked
    SET status = 'processing',
        lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        available_at = ${params.leaseExpiresAt},
        attempts = attempts + 1,
        updated_at = ${params.now}
    OUTPUT ${OUTPUT_COLUMNS}, deleted.[available_at] AS previous_available_at`);

  return rows
    .map((row) => ({ job: jobRecordFromSqlRow(row), previous: toDate(row['previous_available_at'])?.getTime() ?? 0 }))
    .sort((left, right) => left.previous - right.previous || compareIds(left.job.id, right.job.id))
    .map(({ job }) => job);
}

/** Ids are ASCII UUID text in a VARCHAR column: JavaScript order is the index order. */
function compareIds(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** The database clock in UTC. */
async function databaseNow(client: PrismaQueryClient): Promise<Date> {
  const rows = await client.$queryRaw<Array<{ now: unknown }>>(sql`SELECT SYSUTCDATETIME() AS now`);
  const now = toDate(rows[0]?.now);
  if (now === undefined) throw new InternalError(`SELECT SYSUTCDATETIME() returned ${String(rows[0]?.now)}`);
  return now;
}

/** Brackets an identifier the options validation already restricted to [A-Za-z0-9_]. */
function quote(identifier: string): string {
  return `[${identifier.replaceAll(']', ']]')}]`;
}

/** The SQL Server dialect. */
export const sqlserverDialect: Dialect = {
  provider: 'sqlserver',
  // Prisma has no skipDuplicates on SQL Server. A failed INSERT leaves the transaction usable
  // (XACT_ABORT is off by default), so the storage inserts and catches the duplicate.
  insertSkipsDuplicates: false,
  singleConnection: false,
  supportsSchemaOption: true,
  tableName: (table, schema) => raw(schema === undefined ? quote(table) : `${quote(schema)}.${quote(table)}`),
  leaseJobs,
  databaseNow,
};
