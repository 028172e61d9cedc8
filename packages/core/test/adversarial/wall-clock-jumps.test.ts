import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../src/index.js';
import { RepeatingTask } from '../../src/server/heartbeat/repeating-task.js';
import { waitFor } from '../../src/testing/index.js';
import { silentLogger } from '../helpers.js';
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

describe('[memory] adversarial: the wall clock steps back while heartbeats run', () => {
  it('a repeating task keeps its cadence when the wall clock steps back an hour mid-run', async () => {
    const realNow = Date.now.bind(Date);
    let runs = 0;
    const task = new RepeatingTask({
      name: 'beat',
      intervalMs: 20,
      run: async () => {
        runs += 1;
        if (runs === 1) vi.spyOn(Date, 'now').mockImplementation(() => realNow() - ONE_HOUR_MS);
      },
      logger: silentLogger,
    });

    task.start(0);
    try {
      await waitFor(() => runs >= 3, { timeoutMs: 3_000, description: 'two runs after the step' });
    } finally {
      await task.stop();
    }

    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it("a server's heartbeats go on when the wall clock steps back an hour", async () => {
    const world = adversarialWorld();
    const job = defineJob({ name: 'idle', schema: z.object({}), handler: () => undefined });
    const server = world.server({ jobs: [job], heartbeatIntervalMs: 20 });
    await server.start();
    const beatsAt = async (): Promise<number> => (await world.storage.serverList())[0]?.lastHeartbeatAt.getTime() ?? 0;
    const realNow = Date.now.bind(Date);
    const storage = world.storage;
    const beat = storage.serverHeartbeat.bind(storage);
    let stepped = false;

    // The step lands during a heartbeat write, between the run's start and the pause after it.
    vi.spyOn(storage, 'serverHeartbeat').mockImplementation(async (params) => {
      if (!stepped) vi.spyOn(Date, 'now').mockImplementation(() => realNow() - ONE_HOUR_MS);
      stepped = true;
      return beat(params);
    });
    await waitFor(() => stepped, { timeoutMs: 3_000, description: 'a heartbeat during which the clock stepped' });
    const afterStep = await beatsAt();
    await waitFor(async () => (await beatsAt()) > afterStep, { timeoutMs: 3_000, description: 'a heartbeat after the step' });
    const second = await beatsAt();
    await waitFor(async () => (await beatsAt()) > second, { timeoutMs: 3_000, description: 'another heartbeat' });

    expect(await beatsAt()).toBeGreaterThan(afterStep);
  });
});
