/**
 * SQLite: one writer at a time, so the lease needs no row locks; it only has to be a single
 * statement, which SQLite runs atomically.
 *
 * Timestamps: @prisma/adapter-better-sqlite3 binds every Date parameter, in Prisma's queries
 * and in `$queryRaw` alike, as ISO-8601 text `YYYY-MM-DDTHH:MM:SS.mmm+00:00` (or as epoch
 * milliseconds with `timestampFormat: 'unixepoch-ms'`). Fixed-width text of one format sorts and
 * compares like the instants it names, so this file binds Dates and never formats a timestamp
 * in SQL: every value in a DATETIME column comes from the same adapter formatting.
 */
import { InternalError, type JobLeaseParams, type JobRecord } from '@atomizer/core';
import { raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike, PrismaQueryClient } from '../prisma-client-shape.js';
import { jobRecordFromSqlRow, toDate } from '../records.js';
import type { AtomizerTables, Dialect } from './dialect.js';

/**
 * Leases due jobs of one queue.
 *
 * Parameters: leaseToken, leaseOwner, leaseExpiresAt, now, queue, now, limit.
 *
 * The subquery walks the (queue, available_at, id) index in lease order; completed and failed
 * jobs have a NULL `available_at` and fall outside the range. UPDATE ... RETURNING claims and
 * returns the rows in the same statement.
 */
async function leaseJobs(client: PrismaClientLike, tables: AtomizerTables, params: JobLeaseParams): Promise<JobRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(sqliteLeaseStatement(tables, params));
  return rows.map(jobRecordFromSqlRow);
}

/** The lease statement itself, exported for the query-plan test. @internal */
export function sqliteLeaseStatement(tables: AtomizerTables, params: JobLeaseParams): Sql {
  return sql`
    UPDATE ${tables.jobs}
    SET status = 'processing',
        lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        available_at = ${params.leaseExpiresAt},
        attempts = attempts + 1,
        updated_at = ${params.now}
    WHERE id IN (
      SELECT id
      FROM ${tables.jobs}
      WHERE queue = ${params.queue} AND available_at <= ${params.now}
      ORDER BY available_at, id
      LIMIT ${params.limit}
    )
    RETURNING id, name, queue, payload, status, run_at, available_at, attempts, max_attempts,
              idempotency_key, schedule_key, lease_token, lease_owner, created_at, updated_at,
              completed_at, failed_at`;
}

/** The database clock, to the millisecond (CURRENT_TIMESTAMP has whole seconds only). */
async function databaseNow(client: PrismaQueryClient): Promise<Date> {
  const rows = await client.$queryRaw<Array<{ now: unknown }>>(sql`SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now`);
  const now = toDate(rows[0]?.now);
  if (now === undefined) throw new InternalError(`SQLite strftime('now') returned ${String(rows[0]?.now)}`);
  return now;
}

/** The SQLite dialect. */
export const sqliteDialect: Dialect = {
  provider: 'sqlite',
  insertSkipsDuplicates: false,
  singleConnection: true,
  supportsSchemaOption: false,
  tableName: (table) => raw(`"${table}"`),
  leaseJobs,
  databaseNow,
};
