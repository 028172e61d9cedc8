/**
 * Many pumps leasing while many clients enqueue, on MySQL/MariaDB: no deadlock (or any other
 * error) may reach a caller, and every job is completed exactly once. Bounded in jobs and time.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import type { JobStorage } from '@atomizer/core';
import { expect, it } from 'vitest';

import { describeDatabase } from '../support/describe-database.js';

const JOBS = 300;
const ENQUEUERS = 4;
const PUMPS = 6;
const BATCH = 10;
/** Share of first attempts that fail and are retried at once (fail, then lease again). */
const FAILURE_SHARE = 0.2;
const DEADLINE_MS = 90_000;

describeDatabase(
  'mysql',
  'lease under contention',
  (database) => {
    it(`${PUMPS} pumps and ${ENQUEUERS} enqueuers on separate pools: no error surfaces, every job completes exactly once`, async () => {
      await database().truncate();
      // Each pump and enqueuer gets a storage over its own PrismaClient (its own pool), as
      // separate processes would have.
      const storages: JobStorage[] = [];
      for (let index = 0; index < 3; index += 1) storages.push(database().storageFor(await database().openClient()));
      const storageFor = (worker: number) => storages[worker % storages.length]!;
      const deadline = Date.now() + DEADLINE_MS;
      const errors: string[] = [];
      const completions = new Map<string, number>();
      let enqueued = 0;
      let failedAttempts = 0;

      const enqueue = async (worker: number) => {
        const storage = storageFor(worker);
        while (enqueued < JOBS && Date.now() < deadline) {
          enqueued += 1;
          const now = new Date();
          const keyed = enqueued % 3 === 0;
          try {
            await storage.jobInsert({
              id: randomUUID(), name: 'stress', queue: 'stress', payload: `{"n":${enqueued}}`, runAt: now, maxAttempts: 3,
              idempotencyKey: keyed ? `stress-${randomUUID()}` : null, scheduleKey: null, now,
            });
          } catch (error) {
            errors.push(`jobInsert: ${String(error)}`);
          }
        }
      };

      const pump = async (worker: number) => {
        const storage = storageFor(worker);
        const owner = `stress-${worker}:*:${randomUUID().slice(0, 12)}`;
        while (completions.size < JOBS && Date.now() < deadline) {
          const now = new Date();
          const leaseToken = `${owner}:*:${randomUUID()}`;
          let jobs;
          try {
            jobs = await storage.jobLease({ queue: 'stress', limit: BATCH, now, leaseToken, leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + 600_000) });
          } catch (error) {
            errors.push(`jobLease: ${String(error)}`);
            continue;
          }
          if (jobs.length === 0) {
            await sleep(5);
            continue;
          }

          const done: string[] = [];
          for (const job of jobs) {
            if (job.attempts === 1 && Math.random() < FAILURE_SHARE) {
              try {
                const recorded = await storage.jobFail({
                  id: job.id, leaseToken, now: new Date(), retryAt: new Date(),
                  error: { attempt: 1, errorType: 'StressError', message: 'first attempt fails', stack: null, serverId: owner, occurredAt: new Date() },
                });
                if (recorded) failedAttempts += 1;
                else errors.push(`jobFail lost the lease of ${job.id}`);
              } catch (error) {
                errors.push(`jobFail: ${String(error)}`);
              }
            } else {
              done.push(job.id);
            }
          }
          if (done.length === 0) continue;
          try {
            const completed = await storage.jobComplete({ ids: done, leaseToken, now: new Date() });
            if (completed !== done.length) errors.push(`jobComplete completed ${completed} of ${done.length}`);
            for (const id of done) completions.set(id, (completions.get(id) ?? 0) + 1);
          } catch (error) {
            errors.push(`jobComplete: ${String(error)}`);
          }
        }
      };

      await Promise.all([
        ...Array.from({ length: ENQUEUERS }, (_, worker) => enqueue(worker)),
        ...Array.from({ length: PUMPS }, (_, worker) => pump(worker)),
      ]);
      const counts = await database().storage.jobCount({ queue: 'stress' });
      const recordedErrors = await database().query<{ n: bigint | number }>('SELECT COUNT(*) AS n FROM atomizer_job_errors');

      expect(errors).toEqual([]);
      expect(completions.size).toBe(JOBS);
      expect([...completions.values()].every((times) => times === 1)).toBe(true);
      expect(counts).toEqual({ pending: 0, processing: 0, completed: JOBS, failed: 0 });
      expect(Number(recordedErrors[0]?.n)).toBe(failedAttempts);
    });
  },
  { timeout: 120_000 },
);
