/**
 * SQLite: the scheduler's lease. One writer at a time, so no row locks are needed; a single
 * UPDATE ... RETURNING statement is atomic. Dates are bound as Date values, never formatted in
 * SQL, so they compare like the values Prisma stored (see sqlite.ts).
 */
import type { ScheduleLeaseDueParams, ScheduleRecord } from '@atomizer/core';
import { sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike } from '../prisma-client-shape.js';
import { scheduleRecordFromSqlRow } from '../schedules/schedule-records.js';

/**
 * Leases due schedules.
 *
 * Parameters: leaseToken, leaseOwner, leaseExpiresAt (SET); horizon, now, limit (the subquery).
 *
 * The subquery walks the (enabled, next_run_at, key) index in lease order; BOOLEAN is stored as
 * 0/1, hence `enabled = 1`.
 */
export async function leaseSchedulesSqlite(
  client: PrismaClientLike,
  schedules: Sql,
  params: ScheduleLeaseDueParams,
): Promise<ScheduleRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(sqliteScheduleLeaseStatement(schedules, params));
  return rows.map(scheduleRecordFromSqlRow);
}

/** The lease statement itself. @internal */
export function sqliteScheduleLeaseStatement(schedules: Sql, params: ScheduleLeaseDueParams): Sql {
  return sql`
    UPDATE ${schedules}
    SET lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        lease_expires_at = ${params.leaseExpiresAt}
    WHERE key IN (
      SELECT key
      FROM ${schedules}
      WHERE enabled = 1
        AND next_run_at <= ${params.horizon}
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${params.now})
      ORDER BY next_run_at, key
      LIMIT ${params.limit}
    )
    RETURNING key, name, queue, payload, cron, time_zone, misfire_policy, max_catch_up,
              max_attempts, enabled, next_run_at, last_enqueued_at, lease_token, lease_owner,
              lease_expires_at, created_at, updated_at`;
}
