import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

afterEach(() => {
  vi.restoreAllMocks();
});

const ONE_HOUR_MS = 3_600_000;

describe('[memory] adversarial: the wall clock steps while a server runs', () => {
  it.each([
    ['back an hour (an NTP correction)', -ONE_HOUR_MS],
    ['forward an hour (a VM resumed)', ONE_HOUR_MS],
  ])('the queue keeps polling at its cadence when the wall clock steps %s', async (_label, stepMs) => {
    const world = adversarialWorld();
    let runs = 0;
    const job = defineJob({
      name: 'after-the-step',
      schema: z.object({}),
      handler: () => {
        runs += 1;
      },
    });
    const client = world.client([job]);
    const server = world.server({ jobs: [job], queues: { default: { pollIntervalMs: 20 } } });
    await server.start();
    await client.enqueue(job, {});
    await waitFor(() => runs === 1, { timeoutMs: 3_000, description: 'the first job ran' });

    // Only Date.now() steps; the storage and server clocks (new Date()) keep real time, so the
    // next job is due at once and only the pump's own cadence could hold it back.
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + stepMs);
    await client.enqueue(job, {});
    await waitFor(async () => (await world.storage.jobCount({})).completed === 2, {
      timeoutMs: 3_000,
      description: 'the job enqueued after the step completed',
    });

    expect(runs).toBe(2);
  });
});
