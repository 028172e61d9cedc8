/**
 * The scheduler's lease, per provider: one raw statement (or one short transaction where the
 * database has no UPDATE ... RETURNING) that claims due schedules. Like the job lease, it is the
 * only raw SQL of the schedule operations; everything else uses Prisma's query API.
 */
import type { ScheduleLeaseDueParams, ScheduleRecord } from '@atomizer/core';
import type { Sql } from '@prisma/client/runtime/client';

import type { PrismaClientLike } from '../prisma-client-shape.js';
import type { PrismaStorageProvider } from './dialect.js';
import { leaseSchedulesMysql } from './mysql-schedules.js';
import { leaseSchedulesPostgresql } from './postgresql-schedules.js';
import { leaseSchedulesSqlite } from './sqlite-schedules.js';
import { leaseSchedulesSqlserver } from './sqlserver-schedules.js';

/**
 * Leases up to `limit` enabled schedules with `next_run_at <= horizon` that nobody holds or whose
 * lease expired, earliest `next_run_at` first (ties by key). Concurrent calls never return the
 * same schedule. Gets the client itself, so a dialect that needs two statements can open its
 * own transaction.
 */
export type LeaseDueSchedules = (
  client: PrismaClientLike,
  /** `atomizer_schedules`, quoted and qualified. */
  schedules: Sql,
  params: ScheduleLeaseDueParams,
) => Promise<ScheduleRecord[]>;

/** The schedule lease of every provider; the Record type makes a new provider supply one. */
export const SCHEDULE_LEASES: Readonly<Record<PrismaStorageProvider, LeaseDueSchedules>> = {
  postgresql: leaseSchedulesPostgresql,
  sqlite: leaseSchedulesSqlite,
  mysql: leaseSchedulesMysql,
  sqlserver: leaseSchedulesSqlserver,
};
