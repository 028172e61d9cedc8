/**
 * SQL Server: the scheduler's lease, one statement built like the job lease in sqlserver.ts: a
 * CTE takes `TOP (n)` due schedules in lease order with UPDLOCK, READPAST, ROWLOCK, and the
 * UPDATE through it returns the leased rows with OUTPUT. `key` is a reserved word in T-SQL,
 * hence the brackets.
 */
import type { ScheduleLeaseDueParams, ScheduleRecord } from '@atomizer/core';
import { raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike } from '../prisma-client-shape.js';
import { SCHEDULE_COLUMNS, scheduleRecordFromSqlRow } from '../schedules/schedule-records.js';

const OUTPUT_COLUMNS = raw(SCHEDULE_COLUMNS.map((column) => `inserted.[${column}]`).join(', '));

/**
 * Leases due schedules.
 *
 * Parameters: limit, horizon, now (CTE); leaseToken, leaseOwner, leaseExpiresAt (UPDATE).
 * OUTPUT promises no order, so the rows are put back in lease order (next_run_at, key).
 */
export async function leaseSchedulesSqlserver(
  client: PrismaClientLike,
  schedules: Sql,
  params: ScheduleLeaseDueParams,
): Promise<ScheduleRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(sql`
    WITH picked AS (
      SELECT TOP (${params.limit}) *
      FROM ${schedules} WITH (UPDLOCK, READPAST, ROWLOCK)
      WHERE enabled = 1
        AND next_run_at <= ${params.horizon}
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${params.now})
      ORDER BY next_run_at, [key]
    )
    UPDATE picked
    SET lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        lease_expires_at = ${params.leaseExpiresAt}
    OUTPUT ${OUTPUT_COLUMNS}`);

  return rows
    .map(scheduleRecordFromSqlRow)
    .sort((left, right) => (left.nextRunAt?.getTime() ?? 0) - (right.nextRunAt?.getTime() ?? 0) || compareKeys(left.key, right.key));
}

function compareKeys(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
