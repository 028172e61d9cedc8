/**
 * PostgreSQL: the scheduler's lease, one statement that locks with SKIP LOCKED, the same
 * technique as the job lease in postgresql.ts.
 */
import type { ScheduleLeaseDueParams, ScheduleRecord } from '@atomizer/core';
import { sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike } from '../prisma-client-shape.js';
import { scheduleRecordFromSqlRow } from '../schedules/schedule-records.js';

/**
 * Leases due schedules.
 *
 * Parameters: horizon, now, limit (the CTE); leaseToken, leaseOwner, leaseExpiresAt (the UPDATE).
 *
 * The CTE walks the (enabled, next_run_at, key) index in lease order and stops after `limit`
 * rows it could lock; a row whose lease has not expired is filtered out, and `FOR UPDATE SKIP
 * LOCKED` passes over rows a concurrent lessee or a running advance holds. Under READ COMMITTED,
 * a row leased and committed by another scheduler after this statement's snapshot is re-checked
 * once locked, and then fails the expiry condition. The UPDATE claims exactly the locked rows.
 */
export async function leaseSchedulesPostgresql(
  client: PrismaClientLike,
  schedules: Sql,
  params: ScheduleLeaseDueParams,
): Promise<ScheduleRecord[]> {
  const rows = await client.$queryRaw<Array<Record<string, unknown>>>(postgresqlScheduleLeaseStatement(schedules, params));
  return rows.map(scheduleRecordFromSqlRow);
}

/** The lease statement itself. @internal */
export function postgresqlScheduleLeaseStatement(schedules: Sql, params: ScheduleLeaseDueParams): Sql {
  return sql`
    WITH picked AS (
      SELECT key
      FROM ${schedules}
      WHERE enabled
        AND next_run_at <= ${params.horizon}
        AND (lease_expires_at IS NULL OR lease_expires_at <= ${params.now})
      ORDER BY next_run_at, key
      LIMIT ${params.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${schedules} AS schedule
    SET lease_token = ${params.leaseToken},
        lease_owner = ${params.leaseOwner},
        lease_expires_at = ${params.leaseExpiresAt}
    FROM picked
    WHERE schedule.key = picked.key
    RETURNING schedule.key, schedule.name, schedule.queue, schedule.payload, schedule.cron,
              schedule.time_zone, schedule.misfire_policy, schedule.max_catch_up,
              schedule.max_attempts, schedule.enabled, schedule.next_run_at,
              schedule.last_enqueued_at, schedule.lease_token, schedule.lease_owner,
              schedule.lease_expires_at, schedule.created_at, schedule.updated_at`;
}
