import { AtomizerClient, AtomizerServer, defineJob, type Logger } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';
import { expect, it } from 'vitest';
import { z } from 'zod';

import { describeDatabase } from './support/describe-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';
import { toDate } from '../src/records.js';

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

const tick = defineJob({
  name: 'tick',
  schema: z.object({ schedule: z.string() }),
  handler: () => undefined,
});

const SCHEDULES = [
  { key: 'every-second', cron: '* * * * * *' },
  { key: 'every-2-seconds', cron: '*/2 * * * * *' },
] as const;

// Three real servers, each on its own PrismaClient (its own pool, or its own SQLite
// connection), schedule on one database at once: every occurrence between the first and the
// last one enqueued exists exactly once, with the job's runAt equal to its occurrence.
for (const provider of TEST_PROVIDERS) {
  describeDatabase(
    provider,
    'PrismaStorage schedulers',
    (database) => {
      it('three servers on three clients enqueue each occurrence once, without gaps', async () => {
        await database().truncate();
        const client = new AtomizerClient({ storage: database().storage, jobs: [tick], logger: silent });
        for (const { key, cron } of SCHEDULES) {
          await client.scheduleRecurring(key, tick, { schedule: key }, cron, { misfirePolicy: 'catchUp' });
        }
        const servers: AtomizerServer[] = [];
        for (let index = 0; index < 3; index += 1) {
          const prisma = await database().openClient({ sqliteTimeoutMs: 0 });
          servers.push(
            new AtomizerServer({
              storage: database().storageFor(prisma),
              jobs: [tick],
              logger: silent,
              instanceId: `scheduler-${index}`,
              queues: { default: { pollIntervalMs: 20 } },
              scheduler: { pollIntervalMs: 10, leadTimeMs: 1_000, misfireThresholdMs: 60_000 },
            }),
          );
        }

        await Promise.all(servers.map((server) => server.start()));
        await waitFor(async () => (await client.countJobs()).completed >= 8, {
          timeoutMs: 20_000,
          description: 'eight occurrence jobs completed',
        });
        await Promise.all(servers.map((server) => server.stop()));

        const rows = await database().query<{ schedule_key: string; run_at: unknown; idempotency_key: string }>(
          'SELECT schedule_key, run_at, idempotency_key FROM atomizer_jobs WHERE schedule_key IS NOT NULL',
        );
        for (const { key, cron } of SCHEDULES) {
          const runAts = rows
            .filter((row) => row.schedule_key === key)
            .map((row) => {
              const runAt = toDate(row.run_at);
              expect(row.idempotency_key).toBe(`schedule:${key}:${runAt?.toISOString()}`);
              return runAt!.getTime();
            })
            .sort((a, b) => a - b);
          const stepMs = cron.startsWith('*/2') ? 2_000 : 1_000;
          expect(runAts.length).toBeGreaterThan(1);
          expect(new Set(runAts).size).toBe(runAts.length);
          runAts.slice(1).forEach((runAt, index) => expect(runAt - runAts[index]!).toBe(stepMs));
        }
        for (const { key } of SCHEDULES) {
          expect((await client.getSchedule(key))?.leaseToken).toBeNull();
        }
      });
    },
    { timeout: 60_000 },
  );
}
