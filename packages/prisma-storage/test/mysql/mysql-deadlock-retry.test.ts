/**
 * A deadlock the database still reports must make the lease run again, never fail the poll.
 * The errors below are the exact shapes Prisma 7.10 throws (captured from MariaDB 10.11 and
 * read off @prisma/adapter-mssql): a raw query fails with P2010, a query-API call with P2034,
 * and both carry the adapter's `TransactionWriteConflict` and the database's own code.
 */
import { randomUUID } from 'node:crypto';

import { PrismaClientKnownRequestError, type Sql } from '@prisma/client/runtime/client';
import { describe, expect, it } from 'vitest';

import { classifyDatabaseError } from '../../src/errors.js';
import type { PrismaClientLike, PrismaQueryClient } from '../../src/prisma-client-shape.js';
import { PrismaStorage } from '../../src/prisma-storage.js';

/** `$queryRaw` / `$executeRaw` on MySQL or MariaDB when InnoDB picked the statement as the victim. */
function mysqlRawDeadlock(): PrismaClientKnownRequestError {
  return new PrismaClientKnownRequestError('Raw query failed. Code: `1213`. Message: `Deadlock found when trying to get lock; try restarting transaction`', {
    code: 'P2010',
    clientVersion: '7.10.0',
    meta: {
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: '1213', originalMessage: 'Deadlock found when trying to get lock; try restarting transaction', kind: 'TransactionWriteConflict' },
      },
    },
  });
}

/** A query-API call (`updateMany`, ...) on MySQL or MariaDB chosen as the deadlock victim. */
function mysqlQueryApiDeadlock(): PrismaClientKnownRequestError {
  return new PrismaClientKnownRequestError('Transaction failed due to a write conflict or a deadlock. Please retry your transaction', {
    code: 'P2034',
    clientVersion: '7.10.0',
    meta: {
      modelName: 'AtomizerJob',
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: '1213', originalMessage: 'Deadlock found when trying to get lock; try restarting transaction', kind: 'TransactionWriteConflict' },
      },
    },
  });
}

/** SQL Server's deadlock victim (error 1205), as @prisma/adapter-mssql reports it. */
function sqlserverDeadlock(): PrismaClientKnownRequestError {
  return new PrismaClientKnownRequestError('Raw query failed. Code: `EREQUEST`. Message: `Transaction was deadlocked`', {
    code: 'P2010',
    clientVersion: '7.10.0',
    meta: {
      driverAdapterError: {
        name: 'DriverAdapterError',
        cause: { originalCode: 'EREQUEST', originalMessage: 'Transaction (Process ID 53) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.', kind: 'TransactionWriteConflict' },
      },
    },
  });
}

/** A due job row as the MySQL lease SELECT returns it. */
function dueRow(queue: string): Record<string, unknown> {
  const now = new Date('2030-01-02T03:04:05.678Z');
  return {
    id: randomUUID(),
    name: 'deadlock-test',
    queue,
    payload: '{}',
    status: 'pending',
    run_at: now,
    available_at: now,
    attempts: 0,
    max_attempts: 3,
    idempotency_key: null,
    schedule_key: null,
    lease_token: null,
    lease_owner: null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    failed_at: null,
  };
}

/**
 * A PrismaClient stand-in whose interactive transactions fail with `failures` (one per run, in
 * order) before one succeeds. Only what the MySQL lease uses does anything.
 */
function clientFailingWith(failures: Error[], rows: Array<Record<string, unknown>>) {
  const calls = { transactions: 0, isolationLevels: [] as unknown[] };
  const notUsed = () => Promise.reject(new Error('not used by the lease'));
  const delegates = {
    atomizerJob: { create: notUsed, createMany: notUsed, findUnique: notUsed, findFirst: notUsed, updateMany: notUsed, groupBy: notUsed },
    atomizerJobError: { create: notUsed },
    atomizerServer: { create: notUsed, updateMany: notUsed, findMany: notUsed, deleteMany: notUsed },
  };
  const rowIds = new Set(rows.map((row) => row['id']));
  const tx: PrismaQueryClient = {
    ...delegates,
    $queryRaw: <T>() => Promise.resolve(rows as T),
    // The UPDATE binds the ids it claims; it "changes" those that are among the rows.
    $executeRaw: (query) => Promise.resolve((query as Sql).values.filter((value) => rowIds.has(value as string)).length),
  };
  const client: PrismaClientLike = {
    ...delegates,
    $queryRaw: notUsed,
    $executeRaw: notUsed,
    $transaction: async (fn, options) => {
      calls.transactions += 1;
      calls.isolationLevels.push(options?.isolationLevel);
      const failure = failures[calls.transactions - 1];
      if (failure !== undefined) throw failure;
      return fn(tx);
    },
  };
  return { client, calls };
}

function leaseParams() {
  const now = new Date();
  return {
    queue: 'default',
    limit: 10,
    now,
    leaseToken: `test:*:000000000001:*:${randomUUID()}`,
    leaseOwner: 'test:*:000000000001',
    leaseExpiresAt: new Date(now.getTime() + 60_000),
  };
}

describe('deadlock retry on MySQL and SQL Server (fake client, no database)', () => {
  it('classifies the deadlock shapes of MySQL and SQL Server as write conflicts', () => {
    const shapes = [mysqlRawDeadlock(), mysqlQueryApiDeadlock(), sqlserverDeadlock()];

    const kinds = shapes.map((error) => classifyDatabaseError(error).kind);

    expect(kinds).toEqual(['write-conflict', 'write-conflict', 'write-conflict']);
  });

  it('jobLease runs the whole lease transaction again after deadlocks and returns its jobs', async () => {
    const rows = [dueRow('default'), dueRow('default')];
    const { client, calls } = clientFailingWith([mysqlRawDeadlock(), mysqlQueryApiDeadlock()], rows);
    const storage = new PrismaStorage({ prisma: client, provider: 'mysql' });
    const params = leaseParams();

    const leased = await storage.jobLease(params);

    expect(calls.transactions).toBe(3);
    expect(calls.isolationLevels).toEqual(['ReadCommitted', 'ReadCommitted', 'ReadCommitted']);
    expect(leased.map((job) => job.id)).toEqual(rows.map((row) => row['id']));
    expect(leased.every((job) => job.status === 'processing' && job.leaseToken === params.leaseToken && job.attempts === 1)).toBe(true);
  });

  it('jobLease gives up after the retry budget and names the deadlock', async () => {
    const { client, calls } = clientFailingWith(Array.from({ length: 50 }, mysqlRawDeadlock), [dueRow('default')]);
    const storage = new PrismaStorage({ prisma: client, provider: 'mysql' });

    const failure = storage.jobLease(leaseParams());

    await expect(failure).rejects.toMatchObject({ code: 'STORAGE.WRITE_CONFLICT', databaseCode: '1213', operation: 'jobLease' });
    expect(calls.transactions).toBeGreaterThan(1);
    expect(calls.transactions).toBeLessThan(50);
  });

  it('jobLease does not retry an error that is not a conflict', async () => {
    const syntax = new PrismaClientKnownRequestError('Raw query failed. Code: `1064`.', {
      code: 'P2010',
      clientVersion: '7.10.0',
      meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { originalCode: '1064', kind: 'mysql' } } },
    });
    const { client, calls } = clientFailingWith([syntax], [dueRow('default')]);
    const storage = new PrismaStorage({ prisma: client, provider: 'mysql' });

    await expect(storage.jobLease(leaseParams())).rejects.toMatchObject({ code: 'STORAGE.OTHER', databaseCode: '1064' });
    expect(calls.transactions).toBe(1);
  });

  it('the lease drops rows whose queue matches only case-insensitively', async () => {
    const rows = [dueRow('default'), dueRow('Default')];
    const { client } = clientFailingWith([], rows);
    const storage = new PrismaStorage({ prisma: client, provider: 'mysql' });

    const leased = await storage.jobLease(leaseParams());

    expect(leased.map((job) => job.queue)).toEqual(['default']);
  });
});
