/**
 * MySQL's default isolation is REPEATABLE READ: inside a caller's transaction, a plain SELECT
 * reads the snapshot of the transaction's first read. An enqueue whose idempotency key was
 * taken by a job committed after that snapshot must still return that job's id.
 */
import { randomUUID } from 'node:crypto';

import type { JobInsertParams } from '@atomizer/core';
import { expect, it } from 'vitest';

import type { PrismaClient as MysqlPrismaClient } from '../../generated/client/mysql/client.js';
import { describeDatabase } from '../support/describe-database.js';

function insertParams(idempotencyKey: string): JobInsertParams {
  const now = new Date();
  return { id: randomUUID(), name: 'rr-enqueue', queue: 'default', payload: '{}', runAt: now, maxAttempts: 3, idempotencyKey, scheduleKey: null, now };
}

describeDatabase('mysql', 'enqueue in a REPEATABLE READ transaction', (database) => {
  it('returns the id of the job that took the key after the transaction first read', async () => {
    await database().truncate();
    const prisma = database().prisma as MysqlPrismaClient;
    const storage = database().storage;
    const key = `rr-${randomUUID()}`;
    const other = insertParams(key);

    const result = await prisma.$transaction(
      async (tx) => {
        // The first read fixes this transaction's snapshot; then another connection commits a
        // job with the key.
        await tx.testOrder.count();
        await storage.jobInsert(other);

        return storage.jobInsert(insertParams(key), { transaction: tx });
      },
      { isolationLevel: 'RepeatableRead' },
    );

    expect(result).toEqual({ id: other.id, inserted: false });
    expect((await storage.jobCount({})).pending).toBe(1);
  });
});
