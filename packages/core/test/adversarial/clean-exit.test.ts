import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

/** Handles that keep a Node process alive (timers, immediates), by kind. */
function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'Immediate').length;
}

describe('[memory] adversarial: a stopped server leaves nothing that keeps the process alive', () => {
  it('after stop(), no timer of the server is left, whatever its jobs did', async () => {
    const world = adversarialWorld();
    const outcomes = defineJob({
      name: 'mixed-outcomes',
      schema: z.object({ kind: z.enum(['ok', 'retry', 'hang']) }),
      handler: async ({ kind }, { signal }) => {
        if (kind === 'retry') throw new Error('retry me');
        if (kind === 'hang') {
          await new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
        }
      },
    });
    const client = world.client([outcomes]);
    const server = world.server({
      jobs: [outcomes],
      shutdownTimeoutMs: 50,
      heartbeatIntervalMs: 10,
      staleServerTimeoutMs: 60,
      staleSweepIntervalMs: 10,
      queues: {
        default: { pollIntervalMs: 10, retry: { kind: 'fixed', delayMs: 60_000, maxAttempts: 3, jitter: true } },
        other: { pollIntervalMs: 3_600_000 },
      },
    });
    const before = liveTimers();

    await server.start();
    for (const kind of ['ok', 'retry', 'hang'] as const) await client.enqueue(outcomes, { kind });
    await waitFor(async () => {
      const counts = await world.storage.jobCount({});
      return counts.completed === 1 && counts.pending === 1 && counts.processing === 1;
    }, {
      timeoutMs: 3_000,
      description: 'ok done, retry waiting, hang running',
    });
    await server.stop();
    await new Promise((resolve) => setImmediate(resolve));

    expect(liveTimers()).toBeLessThanOrEqual(before);
    expect(await world.storage.jobCount({})).toEqual({ pending: 2, processing: 0, completed: 1, failed: 0 });
  });
});
