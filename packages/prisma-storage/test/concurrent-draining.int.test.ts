import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { JobInsertParams, JobStorage } from '@atomizer/core';
import { expect, it } from 'vitest';

import { describeDatabase } from './support/describe-database.js';
import type { TestPrismaClient } from './support/test-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

const QUEUE = 'drain';
const INSERTERS = 4;
const JOBS_PER_INSERTER = 500;
const LESSEES = 6;
const BATCH = 25;

function insertParams(inserter: number, index: number): JobInsertParams {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'drain',
    queue: QUEUE,
    payload: JSON.stringify({ inserter, index }),
    runAt: now,
    maxAttempts: 5,
    // Every tenth job carries a key, so idempotent inserts race with leases too.
    idempotencyKey: index % 10 === 0 ? `drain-${inserter}-${index}` : null,
    scheduleKey: null,
    now,
  };
}

type Tx = Parameters<Parameters<TestPrismaClient['$transaction']>[0]>[0];

/**
 * Runs an application transaction the way an application should: again from the start when
 * the database reports a write conflict (a deadlock victim on PostgreSQL or MySQL).
 */
async function applicationTransaction(appClient: TestPrismaClient, body: (tx: Tx) => Promise<void>): Promise<void> {
  for (let run = 1; ; run += 1) {
    try {
      // An application picks its own timeout; Prisma's 5 s default is too tight for a CI
      // machine whose cores other suites share.
      await (appClient.$transaction as (fn: (tx: Tx) => Promise<void>, options: object) => Promise<void>)(body, {
        timeout: 30_000,
        maxWait: 30_000,
      });
      return;
    } catch (error) {
      if (run >= 5 || (error as { code?: string }).code !== 'STORAGE.WRITE_CONFLICT') throw error;
    }
  }
}

/**
 * Inserts its share of jobs. Inserter 0 enqueues inside the application's own interactive
 * transactions (on the application's client), each holding the database's write lock across an
 * event-loop turn, the way a request handler does; on SQLite every other writer meets a locked
 * database meanwhile and must wait it out.
 */
async function insertAll(storages: JobStorage[], appClient: TestPrismaClient, inserter: number): Promise<string[]> {
  const storage = storages[inserter % storages.length]!;
  const ids: string[] = [];
  for (let index = 0; index < JOBS_PER_INSERTER; index += 1) {
    const params = insertParams(inserter, index);
    if (inserter === 0 && index % 25 === 0) {
      const batch = Array.from({ length: 25 }, (_, offset) => insertParams(inserter, index + offset));
      await applicationTransaction(appClient, async (tx) => {
        for (const job of batch) await storage.jobInsert(job, { transaction: tx });
        await sleep(5);
      });
      ids.push(...batch.map((job) => job.id));
      // The next request comes a little later.
      await sleep(5);
      index += 24;
      continue;
    }
    const result = await storage.jobInsert(params);
    ids.push(result.id);
  }
  return ids;
}

/**
 * Leases and finishes jobs until `done()` says the producers are finished and the queue is
 * empty. One job in twenty fails its first attempt and is retried at once, so fenced failures
 * run concurrently with leases and completions too.
 */
async function drain(
  storage: JobStorage,
  lessee: number,
  completions: Map<string, number>,
  done: () => boolean,
  aborted: () => boolean,
): Promise<void> {
  const owner = `lessee-${lessee}:*:${randomUUID().slice(0, 12)}`;
  while (!aborted()) {
    const now = new Date();
    const leaseToken = `${owner}:*:${randomUUID()}`;
    const leased = await storage.jobLease({ queue: QUEUE, limit: BATCH, now, leaseToken, leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + 600_000) });
    if (leased.length === 0) {
      if (done()) return;
      await sleep(2);
      continue;
    }

    const failing = leased.filter((job) => job.attempts === 1 && job.id.endsWith('0'));
    for (const job of failing) {
      const error = { attempt: 1, errorType: 'Error', message: 'first attempt fails', stack: null, serverId: owner, occurredAt: now };
      expect(await storage.jobFail({ id: job.id, leaseToken, now, error, retryAt: now })).toBe(true);
    }

    const completing = leased.filter((job) => !failing.includes(job)).map((job) => job.id);
    const completed = await storage.jobComplete({ ids: completing, leaseToken, now: new Date() });
    expect(completed).toBe(completing.length);
    for (const id of completing) completions.set(id, (completions.get(id) ?? 0) + 1);
  }
}

for (const provider of TEST_PROVIDERS) {
  describeDatabase(
    provider,
    'enqueue while draining, several lessees on two clients',
    (database) => {
      it(`completes each of ${INSERTERS * JOBS_PER_INSERTER} jobs exactly once, loses none, and surfaces no lock errors`, async () => {
        await database().truncate();
        const second = await database().openClient();
        const appClient = await database().openClient();
        const storages = [database().storage, database().storageFor(second)];
        const completions = new Map<string, number>();
        let producing = true;
        let aborted = false;

        const producers = Promise.all(Array.from({ length: INSERTERS }, (_, inserter) => insertAll(storages, appClient, inserter)));
        const consumers = Promise.all(
          Array.from({ length: LESSEES }, (_, lessee) =>
            drain(storages[lessee % storages.length]!, lessee, completions, () => !producing, () => aborted),
          ),
        );
        // Awaited below; marked handled now so an early lessee failure is reported by that await.
        consumers.catch(() => undefined);
        let inserted: string[];
        try {
          inserted = (await producers).flat();
        } catch (error) {
          // Stop the lessees before the database is dropped under them, then report the cause.
          aborted = true;
          await Promise.allSettled([consumers]);
          throw error;
        }
        producing = false;
        await consumers;

        expect(new Set(inserted).size).toBe(INSERTERS * JOBS_PER_INSERTER);
        expect([...completions.keys()].sort()).toEqual([...inserted].sort());
        expect([...completions.values()].every((times) => times === 1)).toBe(true);
        expect(await storages[0]!.jobCount({ queue: QUEUE })).toEqual({ pending: 0, processing: 0, completed: inserted.length, failed: 0 });
      }, 180_000);
    },
    { timeout: 180_000 },
  );
}
