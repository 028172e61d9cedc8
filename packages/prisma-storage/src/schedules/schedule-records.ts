/**
 * Converts `atomizer_schedules` rows to the contract's ScheduleRecord, from Prisma's query API
 * (typed, camelCase) and from the raw lease statement (snake_case, driver-dependent values: a
 * DATETIME as a Date, ISO text or epoch milliseconds; a BOOLEAN as a boolean or 0/1).
 */
import { MISFIRE_POLICIES, type MisfirePolicy, type ScheduleRecord } from '@atomizer/core';

import { StorageRowInvalidError } from '../errors.js';
import type { AtomizerScheduleRow } from '../prisma-client-shape.js';
import { toDate } from '../records.js';

const TABLE = 'atomizer_schedules';

/** A schedule row read with Prisma's query API. */
export function scheduleRecordFromRow(row: AtomizerScheduleRow): ScheduleRecord {
  return {
    key: row.key,
    name: row.name,
    queue: row.queue,
    payload: row.payload,
    cron: row.cron,
    timeZone: row.timeZone,
    misfirePolicy: misfirePolicy(row.misfirePolicy, row.key),
    maxCatchUp: row.maxCatchUp,
    maxAttempts: row.maxAttempts,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt,
    lastEnqueuedAt: row.lastEnqueuedAt,
    leaseToken: row.leaseToken,
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: row.leaseExpiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The columns a raw statement returns for a schedule, as {@link scheduleRecordFromSqlRow} reads them. */
export const SCHEDULE_COLUMNS = [
  'key',
  'name',
  'queue',
  'payload',
  'cron',
  'time_zone',
  'misfire_policy',
  'max_catch_up',
  'max_attempts',
  'enabled',
  'next_run_at',
  'last_enqueued_at',
  'lease_token',
  'lease_owner',
  'lease_expires_at',
  'created_at',
  'updated_at',
] as const;

/** A schedule row returned by a raw statement (snake_case columns, see {@link SCHEDULE_COLUMNS}). */
export function scheduleRecordFromSqlRow(row: Record<string, unknown>): ScheduleRecord {
  const key = read(row, 'key', 'unknown', asText);
  const column = <T>(name: (typeof SCHEDULE_COLUMNS)[number], convert: (value: unknown) => T | undefined): T =>
    read(row, name, key, convert);
  const optional = <T>(name: (typeof SCHEDULE_COLUMNS)[number], convert: (value: unknown) => T | undefined): T | null =>
    row[name] === null || row[name] === undefined ? null : read(row, name, key, convert);

  return {
    key,
    name: column('name', asText),
    queue: column('queue', asText),
    payload: column('payload', asText),
    cron: column('cron', asText),
    timeZone: column('time_zone', asText),
    misfirePolicy: misfirePolicy(column('misfire_policy', asText), key),
    maxCatchUp: column('max_catch_up', asInteger),
    maxAttempts: column('max_attempts', asInteger),
    enabled: column('enabled', asBoolean),
    nextRunAt: optional('next_run_at', toDate),
    lastEnqueuedAt: optional('last_enqueued_at', toDate),
    leaseToken: optional('lease_token', asText),
    leaseOwner: optional('lease_owner', asText),
    leaseExpiresAt: optional('lease_expires_at', toDate),
    createdAt: column('created_at', toDate),
    updatedAt: column('updated_at', toDate),
  };
}

function misfirePolicy(value: string, key: string): MisfirePolicy {
  if ((MISFIRE_POLICIES as readonly string[]).includes(value)) return value as MisfirePolicy;
  throw new StorageRowInvalidError({
    table: TABLE,
    rowId: key,
    column: 'misfire_policy',
    rule: `must be one of ${MISFIRE_POLICIES.join(', ')}`,
    received: value,
  });
}

/** Reads one column with `convert`, which returns undefined for a value it cannot read. */
function read<T>(row: Record<string, unknown>, column: string, key: string, convert: (value: unknown) => T | undefined): T {
  const value = convert(row[column]);
  if (value !== undefined) return value;
  throw new StorageRowInvalidError({ table: TABLE, rowId: key, column, rule: 'has a value of the wrong type', received: row[column] });
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asInteger(value: unknown): number | undefined {
  const number = typeof value === 'bigint' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

/** PostgreSQL returns a boolean; SQLite stores BOOLEAN as 0/1 (a number or a bigint). */
function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1 || value === 0n || value === 1n) return Number(value) === 1;
  return undefined;
}
