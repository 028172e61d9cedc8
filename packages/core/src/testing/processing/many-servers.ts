import { expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../jobs/define-job.js';
import { waitFor } from '../wait-for.js';
import { newClient, newServer, type ProcessingContext } from './harness.js';

/** Several servers on one storage run every job exactly once. */
export function describeManyServers(ctx: ProcessingContext): void {
  it('three servers on one storage run every job exactly once', async () => {
    const runs = new Map<number, number>();
    const job = defineJob({
      name: 'tally',
      schema: z.object({ n: z.number() }),
      handler: async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const client = newClient(ctx, [job]);
    const queues = { default: { pollIntervalMs: 10, parallelism: 8, batchSize: 8 } };
    const servers = [1, 2, 3].map((index) =>
      newServer(ctx, { jobs: [job], queues, instanceId: `many-${index}` }),
    );
    const total = ctx.jobCount;
    for (let n = 0; n < total; n += 1) await client.enqueue(job, { n });

    await Promise.all(servers.map((server) => server.start()));
    await waitFor(async () => (await client.countJobs()).completed === total, {
      description: `${total} jobs completed`,
      timeoutMs: 120_000,
      intervalMs: 50,
    });
    await Promise.all(servers.map((server) => server.stop()));

    expect(runs.size).toBe(total);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(await client.countJobs()).toEqual({ pending: 0, processing: 0, completed: total, failed: 0 });
  });
}
