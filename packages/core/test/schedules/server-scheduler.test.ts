import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  AtomizerServer,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  type AtomizerServerOptions,
} from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { silentLogger } from '../helpers.js';

const servers: AtomizerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** A job that counts its runs per occurrence time. */
function countingJob() {
  const runs: string[] = [];
  const job = defineJob({
    name: 'tick',
    schema: z.object({ label: z.string() }),
    handler: (_payload, context) => {
      runs.push(context.jobId);
    },
  });
  return { job, runs };
}

function newServer(options: AtomizerServerOptions): AtomizerServer {
  const server = new AtomizerServer(options);
  servers.push(server);
  return server;
}

describe('AtomizerServer runs the scheduler', () => {
  it('enqueues and runs a recurring job and holds no schedule lease after stop', async () => {
    const storage = new InMemoryStorage();
    const { job, runs } = countingJob();
    const client = new AtomizerClient({ storage, jobs: [job], logger: silentLogger });
    await client.scheduleRecurring('every-second', job, { label: 'x' }, '* * * * * *');
    const server = newServer({
      storage,
      jobs: [job],
      logger: silentLogger,
      queues: { default: { pollIntervalMs: 10 } },
      scheduler: { pollIntervalMs: 20, leadTimeMs: 500, misfireThresholdMs: 1_000 },
    });

    await server.start();
    await waitFor(() => runs.length >= 2, { description: 'two occurrences ran' });
    await server.stop();

    const schedule = await client.getSchedule('every-second');
    expect(schedule).toMatchObject({ leaseToken: null, leaseOwner: null });
    expect(schedule?.lastEnqueuedAt).toBeInstanceOf(Date);
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('two servers on one storage run each occurrence once', async () => {
    const storage = new InMemoryStorage();
    const { job, runs } = countingJob();
    const client = new AtomizerClient({ storage, jobs: [job], logger: silentLogger });
    await client.scheduleRecurring('every-second', job, { label: 'x' }, '* * * * * *');
    const options: AtomizerServerOptions = {
      storage,
      jobs: [job],
      logger: silentLogger,
      queues: { default: { pollIntervalMs: 10 } },
      scheduler: { pollIntervalMs: 10, leadTimeMs: 200, misfireThresholdMs: 1_000 },
    };
    const first = newServer(options);
    const second = newServer(options);

    await Promise.all([first.start(), second.start()]);
    await waitFor(() => runs.length >= 3, { description: 'three occurrences ran' });
    await Promise.all([first.stop(), second.stop()]);

    const jobs = await Promise.all(runs.map((id) => client.getJob(id)));
    const occurrences = jobs.map((stored) => stored?.runAt.toISOString());
    expect(new Set(occurrences).size).toBe(occurrences.length);
  });
});

describe('AtomizerServer scheduler options', () => {
  const base = { storage: new InMemoryStorage(), jobs: [countingJob().job], logger: silentLogger };

  it.each([
    [{ pollIntervalMs: 5 }, 'AtomizerServer: scheduler.pollIntervalMs must be an integer between 10 and 3600000, got 5'],
    [{ leadTimeMs: -1 }, 'AtomizerServer: scheduler.leadTimeMs must be an integer between 0 and 3600000, got -1'],
    [{ visibilityTimeoutMs: 999 }, 'AtomizerServer: scheduler.visibilityTimeoutMs must be an integer between 1000 and 3600000, got 999'],
    [{ enabled: 'yes' }, 'AtomizerServer: scheduler.enabled must be a boolean, got "yes"'],
    [{ pollIntervalMs: 5_000, misfireThresholdMs: 4_000 }, 'AtomizerServer: scheduler.misfireThresholdMs must be at least scheduler.pollIntervalMs (5000)'],
    [{ every: 1 }, 'AtomizerServer: scheduler.every is not a known option'],
  ])('rejects %j', (scheduler, message) => {
    const create = () => new AtomizerServer({ ...base, scheduler } as unknown as AtomizerServerOptions);

    expect(create).toThrow(ConfigInvalidError);
    expect(create).toThrow(message);
  });
});
