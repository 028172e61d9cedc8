/**
 * Converts stored rows to the contract's records. Rows come in two shapes: camelCase from
 * Prisma's query API (already typed) and snake_case from the raw lease statement, whose column
 * values depend on the driver (a DATETIME may arrive as a Date or as text, an INTEGER as a
 * number or a bigint), so the raw path converts defensively and rejects what it cannot read.
 */
import { JOB_STATUSES, type JobErrorRecord, type JobRecord, type JobStatus, type ServerRecord } from '@atomizer/core';

import { StorageRowInvalidError } from './errors.js';
import type { AtomizerJobErrorRow, AtomizerJobRow, AtomizerServerRow } from './prisma-client-shape.js';

/** A job row read with Prisma's query API. */
export function jobRecordFromRow(row: AtomizerJobRow): JobRecord {
  return {
    id: row.id,
    name: row.name,
    queue: row.queue,
    payload: row.payload,
    status: jobStatus(row.status, row.id),
    runAt: row.runAt,
    availableAt: row.availableAt,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    idempotencyKey: row.idempotencyKey,
    scheduleKey: row.scheduleKey,
    leaseToken: row.leaseToken,
    leaseOwner: row.leaseOwner,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
    failedAt: row.failedAt,
  };
}

/** The columns a raw statement returns for a job, in the order {@link jobRecordFromSqlRow} reads. */
export const JOB_COLUMNS = [
  'id',
  'name',
  'queue',
  'payload',
  'status',
  'run_at',
  'available_at',
  'attempts',
  'max_attempts',
  'idempotency_key',
  'schedule_key',
  'lease_token',
  'lease_owner',
  'created_at',
  'updated_at',
  'completed_at',
  'failed_at',
] as const;

/** A job row returned by a raw statement (snake_case columns, see {@link JOB_COLUMNS}). */
export function jobRecordFromSqlRow(row: Record<string, unknown>): JobRecord {
  const id = text(row, 'id', 'unknown');
  return {
    id,
    name: text(row, 'name', id),
    queue: text(row, 'queue', id),
    payload: text(row, 'payload', id),
    status: jobStatus(text(row, 'status', id), id),
    runAt: date(row, 'run_at', id),
    availableAt: nullable(row, 'available_at', id, date),
    attempts: integer(row, 'attempts', id),
    maxAttempts: integer(row, 'max_attempts', id),
    idempotencyKey: nullable(row, 'idempotency_key', id, text),
    scheduleKey: nullable(row, 'schedule_key', id, text),
    leaseToken: nullable(row, 'lease_token', id, text),
    leaseOwner: nullable(row, 'lease_owner', id, text),
    createdAt: date(row, 'created_at', id),
    updatedAt: date(row, 'updated_at', id),
    completedAt: nullable(row, 'completed_at', id, date),
    failedAt: nullable(row, 'failed_at', id, date),
  };
}

/** An error row read with Prisma's query API. */
export function jobErrorRecordFromRow(row: AtomizerJobErrorRow): JobErrorRecord {
  return {
    attempt: row.attempt,
    errorType: row.errorType,
    message: row.message,
    stack: row.stack,
    serverId: row.serverId,
    occurredAt: row.occurredAt,
  };
}

/** A server row read with Prisma's query API; `queues` is stored as a JSON array. */
export function serverRecordFromRow(row: AtomizerServerRow): ServerRecord {
  return {
    serverId: row.serverId,
    instanceId: row.instanceId,
    host: row.host,
    pid: row.pid,
    startedAt: row.startedAt,
    lastHeartbeatAt: row.lastHeartbeatAt,
    queues: queueList(row.queues, row.serverId),
  };
}

/** Reads a timestamp the database returned as a Date, as ISO text, or as epoch milliseconds. */
export function toDate(value: unknown): Date | undefined {
  let result: Date | undefined;
  if (value instanceof Date) result = value;
  else if (typeof value === 'string') result = new Date(value);
  else if (typeof value === 'number' || typeof value === 'bigint') result = new Date(Number(value));
  return result === undefined || Number.isNaN(result.getTime()) ? undefined : result;
}

function jobStatus(value: string, jobId: string): JobStatus {
  if ((JOB_STATUSES as readonly string[]).includes(value)) return value as JobStatus;
  throw new StorageRowInvalidError({ table: 'atomizer_jobs', rowId: jobId, column: 'status', rule: `must be one of ${JOB_STATUSES.join(', ')}`, received: value });
}

function queueList(value: string, serverId: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.every((queue) => typeof queue === 'string')) return parsed;
  throw new StorageRowInvalidError({ table: 'atomizer_servers', rowId: serverId, column: 'queues', rule: 'must be a JSON array of queue names', received: value });
}

function text(row: Record<string, unknown>, column: string, rowId: string): string {
  const value = row[column];
  if (typeof value === 'string') return value;
  throw invalid(column, rowId, 'must be text', value);
}

function integer(row: Record<string, unknown>, column: string, rowId: string): number {
  const value = row[column];
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
  throw invalid(column, rowId, 'must be an integer', value);
}

function date(row: Record<string, unknown>, column: string, rowId: string): Date {
  const value = toDate(row[column]);
  if (value !== undefined) return value;
  throw invalid(column, rowId, 'must be a timestamp', row[column]);
}

function nullable<T>(
  row: Record<string, unknown>,
  column: string,
  rowId: string,
  read: (row: Record<string, unknown>, column: string, rowId: string) => T,
): T | null {
  return row[column] === null || row[column] === undefined ? null : read(row, column, rowId);
}

function invalid(column: string, rowId: string, rule: string, received: unknown): StorageRowInvalidError {
  return new StorageRowInvalidError({ table: 'atomizer_jobs', rowId, column, rule, received });
}
