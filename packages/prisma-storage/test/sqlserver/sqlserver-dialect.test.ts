/**
 * What of the SQL Server dialect can be checked without a SQL Server (none runs on this
 * project's machines; the sqlserver integration suites run where a URL or Docker provides one):
 * the statements carry the locking hints and bound parameters, and rows that OUTPUT returns in
 * any order come back in lease order.
 */
import { randomUUID } from 'node:crypto';

import type { JobLeaseParams } from '@atomizer/core';
import type { Sql } from '@prisma/client/runtime/client';
import { raw } from '@prisma/client/runtime/client';
import { describe, expect, it } from 'vitest';

import { leaseSchedulesSqlserver } from '../../src/dialects/sqlserver-schedules.js';
import { sqlserverDialect } from '../../src/dialects/sqlserver.js';
import type { PrismaClientLike } from '../../src/prisma-client-shape.js';

/** A client whose `$queryRaw` records the statement and answers with `rows`. */
function clientAnswering(rows: Array<Record<string, unknown>>) {
  const statements: Sql[] = [];
  const notUsed = () => Promise.reject(new Error('not used by the lease'));
  const client = {
    $queryRaw: (query: Sql) => {
      statements.push(query);
      return Promise.resolve(rows);
    },
    $executeRaw: notUsed,
    $transaction: notUsed,
  } as unknown as PrismaClientLike;
  return { client, statements };
}

function jobRow(id: string, previousAvailableAt: Date, params: JobLeaseParams): Record<string, unknown> {
  return {
    id, name: 'n', queue: params.queue, payload: '{}', status: 'processing', run_at: previousAvailableAt,
    available_at: params.leaseExpiresAt, attempts: 1, max_attempts: 3, idempotency_key: null, schedule_key: null,
    lease_token: params.leaseToken, lease_owner: params.leaseOwner, created_at: previousAvailableAt,
    updated_at: params.now, completed_at: null, failed_at: null, previous_available_at: previousAvailableAt,
  };
}

function leaseParams(): JobLeaseParams {
  const now = new Date('2030-01-02T03:04:05.678Z');
  return { queue: 'files', limit: 3, now, leaseToken: `s:*:000000000001:*:${randomUUID()}`, leaseOwner: 's:*:000000000001', leaseExpiresAt: new Date(now.getTime() + 60_000) };
}

describe('SQL Server dialect (fake client, no database)', () => {
  it('the job lease is one UPDLOCK/READPAST/ROWLOCK statement with every value bound', async () => {
    const params = leaseParams();
    const { client, statements } = clientAnswering([]);

    await sqlserverDialect.leaseJobs(client, { jobs: raw('[atomizer_jobs]') }, params);

    expect(statements).toHaveLength(1);
    const text = statements[0]!.sql.replace(/\s+/g, ' ');
    expect(text).toContain('SELECT TOP (?) * FROM [atomizer_jobs] WITH (UPDLOCK, READPAST, ROWLOCK)');
    expect(text).toContain('ORDER BY available_at, id');
    expect(text).toContain('OUTPUT inserted.[id]');
    expect(statements[0]!.values).toEqual([
      params.limit, params.queue, params.now, params.queue, params.leaseToken, params.leaseOwner, params.leaseExpiresAt, params.now,
    ]);
  });

  it('returns the jobs OUTPUT gave back in any order sorted by their previous availableAt, then id', async () => {
    const params = leaseParams();
    const early = new Date('2030-01-01T00:00:00.000Z');
    const late = new Date('2030-01-01T00:00:01.000Z');
    const rows = [jobRow('c', late, params), jobRow('b', early, params), jobRow('a', late, params)];
    const { client } = clientAnswering(rows);

    const leased = await sqlserverDialect.leaseJobs(client, { jobs: raw('[atomizer_jobs]') }, params);

    expect(leased.map((job) => job.id)).toEqual(['b', 'a', 'c']);
    expect(leased.every((job) => job.availableAt?.getTime() === params.leaseExpiresAt.getTime())).toBe(true);
  });

  it('the schedule lease brackets the reserved word key and returns schedules in lease order', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const params = { horizon: now, now, limit: 5, leaseToken: 't', leaseOwner: 'o', leaseExpiresAt: new Date(now.getTime() + 30_000) };
    const schedule = (key: string, nextRunAt: Date) => ({
      key, name: 'n', queue: 'q', payload: '{}', cron: '* * * * *', time_zone: 'UTC', misfire_policy: 'runOnce', max_catch_up: 1,
      max_attempts: 0, enabled: 1, next_run_at: nextRunAt, last_enqueued_at: null, lease_token: 't', lease_owner: 'o',
      lease_expires_at: params.leaseExpiresAt, created_at: now, updated_at: now,
    });
    const { client, statements } = clientAnswering([schedule('b', now), schedule('c', new Date(now.getTime() - 1)), schedule('a', now)]);

    const leased = await leaseSchedulesSqlserver(client, raw('[atomizer_schedules]'), params);

    expect(statements[0]!.sql.replace(/\s+/g, ' ')).toContain('ORDER BY next_run_at, [key]');
    expect(leased.map((row) => row.key)).toEqual(['c', 'a', 'b']);
    expect(leased.every((row) => row.enabled)).toBe(true);
  });
});
