import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob, type AtomizerServer, type JobRetryingEvent } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

describe('[memory] adversarial: many servers restarting while they work', () => {
  it('every job completes exactly once, and every execution is counted as an attempt', async () => {
    const world = adversarialWorld();
    const executions = new Map<string, number>();
    const completions = new Map<string, number>();
    const flaky = defineJob({
      name: 'flaky',
      schema: z.object({ n: z.number() }),
      handler: async ({ n }, { jobId, attempt }) => {
        executions.set(jobId, (executions.get(jobId) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
        if (n % 7 === 0 && attempt === 1) throw new Error('first attempt of every 7th job fails');
      },
    });
    const client = world.client([flaky]);
    const ids: string[] = [];
    for (let n = 0; n < 300; n += 1) ids.push(await client.enqueue(flaky, { n }));
    const servers: AtomizerServer[] = [];
    for (let index = 0; index < 4; index += 1) {
      const server = world.server({
        jobs: [flaky],
        instanceId: `churn-${index}`,
        queues: {
          default: {
            pollIntervalMs: 10,
            parallelism: 2 + index,
            batchSize: 1 + index,
            retry: { kind: 'fixed', delayMs: 0, maxAttempts: 5 },
          },
        },
      });
      server.events.on('job:completed', ({ jobId }) => completions.set(jobId, (completions.get(jobId) ?? 0) + 1));
      servers.push(server);
    }

    await Promise.all(servers.map((server) => server.start()));
    for (let round = 0; round < 12; round += 1) {
      const server = servers[round % servers.length] as AtomizerServer;
      await server.stop();
      await server.start();
    }
    await waitFor(async () => (await world.storage.jobCount({})).completed === ids.length, {
      timeoutMs: 10_000,
      description: 'every job completed',
    });
    await Promise.all(servers.map((server) => server.stop()));

    expect(await world.storage.jobCount({})).toEqual({ pending: 0, processing: 0, completed: ids.length, failed: 0 });
    expect(ids.filter((id) => completions.get(id) !== 1)).toEqual([]);
    for (const id of ids) {
      const stored = await world.storage.jobGet({ id });
      expect(stored?.attempts).toBe(executions.get(id));
    }
  });
});

describe('[memory] adversarial: retry jitter at run time', () => {
  it('every retry lands within ±20% of the policy delay, and the delays actually vary', async () => {
    const world = adversarialWorld();
    const failing = defineJob({
      name: 'jittered',
      schema: z.object({ n: z.number() }),
      handler: () => {
        throw new Error('always fails');
      },
    });
    const client = world.client([failing]);
    for (let n = 0; n < 40; n += 1) await client.enqueue(failing, { n });
    const server = world.server({
      jobs: [failing],
      queues: {
        default: { pollIntervalMs: 10, parallelism: 10, retry: { kind: 'fixed', delayMs: 10_000, maxAttempts: 2, jitter: true } },
      },
    });
    const retries: JobRetryingEvent[] = [];
    server.events.on('job:retrying', (event) => retries.push(event));

    await server.start();
    await waitFor(() => retries.length === 40, { timeoutMs: 5_000, description: 'every job failed once' });
    await server.stop();

    const delays = retries.map((event) => event.retryAt.getTime() - event.error.occurredAt.getTime());
    expect(delays.filter((delay) => delay < 8_000 || delay > 12_000)).toEqual([]);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
