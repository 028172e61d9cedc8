import { randomUUID } from 'node:crypto';

import { AtomizerClient, defineJob, type JobInsertParams } from '@atomizer/core';
import { expect, it } from 'vitest';
import { z } from 'zod';

import { describeDatabase } from './support/describe-database.js';
import type { TestDatabase, TestPrismaClient } from './support/test-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

function insertParams(overrides: Partial<JobInsertParams> = {}): JobInsertParams {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'send-receipt',
    queue: 'default',
    payload: '{"orderId":"o-1"}',
    runAt: now,
    maxAttempts: 3,
    idempotencyKey: null,
    scheduleKey: null,
    now,
    ...overrides,
  };
}

/** Counts rows the way another session sees them, outside Prisma and any open transaction. */
async function committedRows(database: TestDatabase, table: 'atomizer_jobs' | 'test_orders'): Promise<number> {
  const [row] = await database.query<{ count: number | string }>(`SELECT COUNT(*) AS count FROM ${qualified(database, table)}`);
  return Number(row?.count);
}

function qualified(database: TestDatabase, table: string): string {
  return database.provider === 'postgresql' ? `"${database.schemaName}"."${table}"` : `"${table}"`;
}

class RollBack extends Error {}

// Prisma's interactive-transaction callback type differs per generated client; the tests only
// need `tx` to reach the storage and the test table.
type Tx = Parameters<Parameters<TestPrismaClient['$transaction']>[0]>[0];

function transaction<T>(client: TestPrismaClient, body: (tx: Tx) => Promise<T>): Promise<T> {
  return (client.$transaction as (fn: (tx: Tx) => Promise<T>) => Promise<T>)(body);
}

for (const provider of TEST_PROVIDERS) {
  describeDatabase(provider, 'transactional enqueue', (database) => {
    it('a job enqueued in a committed transaction exists, together with the transaction\'s own row', async () => {
      await database().truncate();
      const params = insertParams();

      await transaction(database().prisma, async (tx) => {
        await tx.testOrder.create({ data: { id: 'o-1' } });
        await database().storage.jobInsert(params, { transaction: tx });
      });

      expect(await committedRows(database(), 'test_orders')).toBe(1);
      expect(await committedRows(database(), 'atomizer_jobs')).toBe(1);
      expect((await database().storage.jobGet({ id: params.id }))?.status).toBe('pending');
    });

    it('a job enqueued in a rolled-back transaction never exists', async () => {
      await database().truncate();
      const params = insertParams();

      const outcome = transaction(database().prisma, async (tx) => {
        await tx.testOrder.create({ data: { id: 'o-1' } });
        await database().storage.jobInsert(params, { transaction: tx });
        throw new RollBack('the order could not be paid');
      });

      await expect(outcome).rejects.toBeInstanceOf(RollBack);
      expect(await committedRows(database(), 'test_orders')).toBe(0);
      expect(await committedRows(database(), 'atomizer_jobs')).toBe(0);
      expect(await database().storage.jobGet({ id: params.id })).toBeNull();
    });

    it('a taken idempotency key inside a transaction returns the holder and leaves the transaction usable', async () => {
      await database().truncate();
      const key = `receipt-${randomUUID()}`;
      const first = insertParams({ idempotencyKey: key });
      await database().storage.jobInsert(first);

      const result = await transaction(database().prisma, async (tx) => {
        const again = await database().storage.jobInsert(insertParams({ idempotencyKey: key }), { transaction: tx });
        // On PostgreSQL this write fails ("current transaction is aborted") if the duplicate
        // insert above raised inside the transaction.
        await tx.testOrder.create({ data: { id: 'o-2' } });
        return again;
      });

      expect(result).toEqual({ id: first.id, inserted: false });
      expect(await committedRows(database(), 'test_orders')).toBe(1);
      expect(await committedRows(database(), 'atomizer_jobs')).toBe(1);
    });

    it('AtomizerClient.enqueue with { transaction: tx } commits and rolls back with the caller', async () => {
      await database().truncate();
      const sendReceipt = defineJob({ name: 'send-receipt', schema: z.object({ orderId: z.string() }), handler: async () => {} });
      const client = new AtomizerClient({ storage: database().storage, jobs: [sendReceipt] });

      const kept = await transaction(database().prisma, (tx) => client.enqueue(sendReceipt, { orderId: 'o-1' }, { transaction: tx }));
      const dropped = transaction(database().prisma, async (tx) => {
        await client.enqueue(sendReceipt, { orderId: 'o-2' }, { transaction: tx });
        throw new RollBack('abandoned');
      });

      await expect(dropped).rejects.toBeInstanceOf(RollBack);
      expect(await committedRows(database(), 'atomizer_jobs')).toBe(1);
      expect((await database().storage.jobGet({ id: kept }))?.payload).toBe('{"orderId":"o-1"}');
    });
  });
}
