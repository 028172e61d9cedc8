/**
 * MySQL / MariaDB: the scheduler's lease, built like the job lease in mysql.ts (no
 * `UPDATE ... RETURNING` there): one short READ COMMITTED transaction with a locking SELECT
 * forced onto the (enabled, next_run_at, key) index that skips rows others hold, then an UPDATE
 * by primary key, in key order, of exactly the rows it locked. Neither statement waits for a
 * row lock. `key` is a reserved word in MySQL, hence the backquotes.
 */
import { InternalError, type ScheduleLeaseDueParams, type ScheduleRecord } from '@atomizer/core';
import { join, raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';

import { TRANSACTION_OPTIONS } from '../operations/storage-context.js';
import type { PrismaClientLike } from '../prisma-client-shape.js';
import { SCHEDULE_COLUMNS, scheduleRecordFromSqlRow } from '../schedules/schedule-records.js';

/** Index named in atomizer.prisma (`map:`) that serves the schedule lease scan. */
export const MYSQL_SCHEDULE_LEASE_INDEX = 'atomizer_schedules_enabled_next_run_at_idx';

const SELECTED_COLUMNS = raw(SCHEDULE_COLUMNS.map((column) => `\`${column}\``).join(', '));

/**
 * Leases due schedules.
 *
 * Parameters: horizon, now, limit (SELECT); leaseToken, leaseOwner, leaseExpiresAt, keys
 * (UPDATE). The records returned are the selected rows with the lease applied in memory: they
 * stay locked until the COMMIT.
 */
export async function leaseSchedulesMysql(
  client: PrismaClientLike,
  schedules: Sql,
  params: ScheduleLeaseDueParams,
): Promise<ScheduleRecord[]> {
  return client.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<Record<string, unknown>>>(mysqlScheduleLeaseSelect(schedules, params));
      if (rows.length === 0) return [];
      const picked = rows.map(scheduleRecordFromSqlRow);

      const keys = picked.map((schedule) => schedule.key).sort(compareKeys);
      const updated = await tx.$executeRaw(sql`
        UPDATE ${schedules} FORCE INDEX (PRIMARY)
        SET lease_token = ${params.leaseToken},
            lease_owner = ${params.leaseOwner},
            lease_expires_at = ${params.leaseExpiresAt}
        WHERE \`key\` IN (${join(keys)})
        ORDER BY \`key\``);
      if (updated !== keys.length) {
        throw new InternalError(`MySQL schedule lease updated ${updated} of the ${keys.length} rows it had locked`);
      }

      return picked.map((schedule) => ({
        ...schedule,
        leaseToken: params.leaseToken,
        leaseOwner: params.leaseOwner,
        leaseExpiresAt: params.leaseExpiresAt,
      }));
    },
    { ...TRANSACTION_OPTIONS, isolationLevel: 'ReadCommitted' },
  );
}

/**
 * The locking SELECT. Parameters: horizon, now, limit. A row whose lease has not expired is
 * read, found not to match and, under READ COMMITTED, unlocked again at once.
 * @internal exported for the plan test.
 */
export function mysqlScheduleLeaseSelect(schedules: Sql, params: Pick<ScheduleLeaseDueParams, 'horizon' | 'now' | 'limit'>): Sql {
  return sql`
    SELECT ${SELECTED_COLUMNS}
    FROM ${schedules} FORCE INDEX (${raw(MYSQL_SCHEDULE_LEASE_INDEX)})
    WHERE enabled = TRUE
      AND next_run_at <= ${params.horizon}
      AND (lease_expires_at IS NULL OR lease_expires_at <= ${params.now})
    ORDER BY next_run_at, \`key\`
    LIMIT ${params.limit}
    FOR UPDATE SKIP LOCKED`;
}

/**
 * The order the UPDATE names keys in. Any fixed order keeps two lessees from locking in opposite
 * orders, and they never wait anyway; JavaScript's is as good as the collation's.
 */
function compareKeys(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
