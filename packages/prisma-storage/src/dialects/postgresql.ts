/**
 * PostgreSQL: the lease is one statement that locks with SKIP LOCKED, so concurrent lessees
 * pass each other instead of queueing on the same rows.
 */
import { InternalError, type JobLeaseParams, type JobRecord } from '@atomizer/core';
import { raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike, PrismaQueryClient } from '../prisma-client-shape.js';
import { jobRecordFromSqlRow, toDate } from '../records.js';
import type { AtomizerTables, Dialect } from './dialect.js';

/**
 * Leases due jobs of one queue.
 *
 * Parameters: queue, now, limit (rows to pick), leaseToken, leaseOwner, leaseExpiresAt.
 *
 * The CTE walks the (queue, available_at, id) index of one queue in lease order and stops
 * after `limit` rows it could lock; `available_at` is NULL for completed and failed jobs, so
 * they are outside the range. `FOR UPDATE SKIP LOCKED` makes a concurrent lessee skip rows this
 * one holds. The UPDATE then claims exactly the locked rows, counts the attempt and returns
 * them, all in one round trip.
 */
async function leaseJobs(client: PrismaClientLike, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(postgresqlLeaseStatement(tables, params));
  return rows.map(jobRecordFromSqlRow);
}

/** The lease statement itself, exported for the query-plan test. @internal */
export function postgresqlLeaseStatement(tables: AtomizerTables, params: JobLeaseParams): Sql {
  return sql`
    WITH picked AS (
      SELECT id
      FROM ${tables.jobs}
      WHERE queue = ${params.queue} AND available_at <= ${params.now}
      ORDER BY available_at, id
      LIMIT ${params.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${tables.jobs} AS job
    SET status = 'processing',
        lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        available_at = ${params.leaseExpiresAt},
        attempts = job.attempts + 1,
        updated_at = ${params.now}
    FROM picked
    WHERE job.id = picked.id
    RETURNING job.id, job.name, job.queue, job.payload, job.status, job.run_at, job.available_at,
              job.attempts, job.max_attempts, job.idempotency_key, job.schedule_key,
              job.lease_token, job.lease_owner, job.created_at, job.updated_at,
              job.completed_at, job.failed_at`;
}

/** The database clock. `statement_timestamp()` rather than `now()`, which inside a transaction is its start. */
async function databaseNow(client: PrismaQueryClient): Promise<Date> {
  const rows = await client.$queryRaw<Array<{ now: unknown }>>(sql`SELECT statement_timestamp() AS now`);
  const now = toDate(rows[0]?.now);
  if (now === undefined) throw new InternalError(`SELECT statement_timestamp() returned ${String(rows[0]?.now)}`);
  return now;
}

/** Double-quotes an identifier the options validation already restricted to [A-Za-z0-9_]. */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** The PostgreSQL dialect. */
export const postgresqlDialect: Dialect = {
  provider: 'postgresql',
  insertSkipsDuplicates: true,
  singleConnection: false,
  supportsSchemaOption: true,
  tableName: (table, schema) => raw(schema === undefined ? quote(table) : `${quote(schema)}.${quote(table)}`),
  leaseJobs,
  databaseNow,
};
