import { randomBytes, randomUUID } from 'node:crypto';

import type {
  JobErrorRecord,
  JobInsertParams,
  JobLeaseParams,
  JobStorage,
  RecoveredServer,
  ServerInfo,
  ServerRecoverStaleParams,
} from '../../storage/storage-contract.js';
import { waitFor } from '../wait-for.js';

/**
 * What every conformance group needs: the storage under test (fresh for each test) and the
 * time the suite passes as `now` to job operations.
 */
export interface ConformanceContext {
  storage(): JobStorage;
  now(): Date;
}

/** A date `offsetMs` after `base`. */
export function at(base: Date, offsetMs: number): Date {
  return new Date(base.getTime() + offsetMs);
}

/**
 * UUIDs that share a random head and differ only in their last group, ordered by `index`.
 * String order, byte order and SQL Server's uniqueidentifier order agree on such ids, so a
 * tie-break test holds on every database.
 */
export function orderedIds(count: number): string[] {
  const head = randomUUID().slice(0, 24);
  return Array.from({ length: count }, (_, index) => `${head}${index.toString(16).padStart(12, '0')}`);
}

/** Insert parameters for a plain due job; override what the test is about. */
export function insertParams(now: Date, overrides: Partial<JobInsertParams> = {}): JobInsertParams {
  return {
    id: randomUUID(),
    name: 'conformance-job',
    queue: 'default',
    payload: '{"n":1}',
    runAt: now,
    maxAttempts: 3,
    idempotencyKey: null,
    scheduleKey: null,
    now,
    ...overrides,
  };
}

/** A server id shaped like the real ones: `${instanceId}:*:${12 hex}`. */
export function serverIdFor(instanceId: string): string {
  return `${instanceId}:*:${randomBytes(6).toString('hex')}`;
}

/** Lease parameters with a fresh token owned by `owner`. */
export function leaseParams(
  now: Date,
  overrides: Partial<JobLeaseParams> & { visibilityMs?: number } = {},
): JobLeaseParams {
  const { visibilityMs = 60_000, ...rest } = overrides;
  const leaseOwner = rest.leaseOwner ?? 'conformance:*:000000000001';
  return {
    queue: 'default',
    limit: 10,
    now,
    leaseToken: `${leaseOwner}:*:${randomUUID()}`,
    leaseOwner,
    leaseExpiresAt: at(now, visibilityMs),
    ...rest,
  };
}

/** An error record for attempt `attempt`. */
export function errorRecord(
  attempt: number,
  occurredAt: Date,
  overrides: Partial<JobErrorRecord> = {},
): JobErrorRecord {
  return {
    attempt,
    errorType: 'TypeError',
    message: `attempt ${attempt} failed`,
    stack: `TypeError: attempt ${attempt} failed\n    at handler (job.ts:1:1)`,
    serverId: 'conformance:*:000000000001',
    occurredAt,
    ...overrides,
  };
}

/** Server info for a heartbeat. */
export function serverInfo(serverId: string, queues: string[] = ['default']): ServerInfo {
  return {
    serverId,
    instanceId: serverId.split(':*:')[0] ?? serverId,
    host: 'conformance-host',
    pid: 4242,
    startedAt: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)),
    queues,
  };
}

/** Inserts `count` due jobs in `queue` and returns their ids. */
export async function insertJobs(
  storage: JobStorage,
  now: Date,
  count: number,
  overrides: Partial<JobInsertParams> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const result = await storage.jobInsert(insertParams(now, overrides));
    ids.push(result.id);
  }
  return ids;
}

/**
 * Calls `serverRecoverStale` until `serverId` shows up among the recovered servers and returns
 * that call's result. Staleness is judged on the storage's own clock (possibly the database's),
 * so the suite cannot compute when a server turns stale; it keeps sweeping until it has.
 */
export async function recoverUntil(
  storage: JobStorage,
  params: ServerRecoverStaleParams,
  serverId: string,
): Promise<RecoveredServer[]> {
  return waitFor(
    async () => {
      const recovered = await storage.serverRecoverStale(params);
      return recovered.some((server) => server.serverId === serverId) ? recovered : undefined;
    },
    { description: `server ${serverId} recovered as stale` },
  );
}

/**
 * Inserts `count` due jobs one millisecond apart (the first the oldest), so the returned ids are
 * in the order `jobLease` takes them.
 */
export async function insertInLeaseOrder(
  storage: JobStorage,
  now: Date,
  count: number,
  overrides: Partial<JobInsertParams> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const runAt = at(now, index - count);
    const result = await storage.jobInsert(insertParams(now, { ...overrides, runAt }));
    ids.push(result.id);
  }
  return ids;
}
