import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { expect, it } from 'vitest';

import { classifyDatabaseError } from '../src/index.js';
import type { PrismaClient as SqlitePrismaClient } from '../generated/client/sqlite/client.js';
import { describeDatabase } from './support/describe-database.js';

type Tx = Parameters<Parameters<SqlitePrismaClient['$transaction']>[0]>[0];

function insertParams() {
  const now = new Date();
  return { id: randomUUID(), name: 'lock', queue: 'locks', payload: '{}', runAt: now, maxAttempts: 3, idempotencyKey: null, scheduleKey: null, now };
}

describeDatabase('sqlite', 'a second connection meets a locked database', (database) => {
  it('waits out an application transaction that holds the write lock, instead of failing', async () => {
    await database().truncate();
    const app = (await database().openClient()) as SqlitePrismaClient;
    const atomizer = (await database().openClient()) as SqlitePrismaClient;
    const storage = database().storageFor(atomizer);
    let lockHeld!: () => void;
    const held = new Promise<void>((resolve) => (lockHeld = resolve));

    // The application writes, then keeps its transaction open across timers: the write lock
    // stays taken for about 200 ms.
    const appTransaction = app.$transaction(async (tx: Tx) => {
      await tx.testOrder.create({ data: { id: 'o-1' } });
      lockHeld();
      await sleep(200);
    });
    await held;
    const plainWrite = await atomizer.testOrder.create({ data: { id: 'o-2' } }).then(
      () => 'written',
      (error: unknown) => classifyDatabaseError(error).code,
    );
    const enqueued = await storage.jobInsert(insertParams());
    await appTransaction;

    // Without the storage's retries the enqueue would have failed like the plain write did.
    expect(plainWrite).toBe('SQLITE_BUSY');
    expect(enqueued.inserted).toBe(true);
    expect(await storage.jobCount({ queue: 'locks' })).toMatchObject({ pending: 1 });
  });
});
