import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { AtomizerClient, AtomizerServer, defineJob, InMemoryStorage, type JobStorage } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { silentLogger } from '../helpers.js';

const failingJob = defineJob({
  name: 'always-fails',
  schema: z.object({}),
  handler: () => {
    throw new TypeError('handler broke');
  },
});

/** The storage, with its first `failures` jobFail calls throwing before they reach it. */
function storageFailingJobFail(failures: number): { storage: JobStorage; jobFailCalls: () => number } {
  const inner = new InMemoryStorage();
  let calls = 0;
  const storage = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'jobFail') return (value as (...args: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        calls += 1;
        if (calls <= failures) throw new Error(`connection reset (try ${calls})`);
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage, jobFailCalls: () => calls };
}

const servers: AtomizerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function runOneFailingJob(storage: JobStorage): Promise<string> {
  const client = new AtomizerClient({ storage, jobs: [failingJob], logger: silentLogger });
  const server = new AtomizerServer({
    storage,
    jobs: [failingJob],
    logger: silentLogger,
    queues: { default: { pollIntervalMs: 10, retry: { kind: 'fixed', delayMs: 60_000, maxAttempts: 3 } } },
  });
  servers.push(server);
  const id = await client.enqueue(failingJob, {});
  await server.start();
  return id;
}

describe('[memory] writing a failed attempt', () => {
  it('retries a write that threw, so the attempt and its error are recorded once', async () => {
    const { storage, jobFailCalls } = storageFailingJobFail(2);

    const id = await runOneFailingJob(storage);

    const job = await waitFor(async () => {
      const found = await storage.jobGet({ id });
      return found?.status === 'pending' && found.errors.length > 0 ? found : undefined;
    }, { description: 'the failed attempt to be written' });
    expect(jobFailCalls()).toBe(3);
    expect(job.errors).toHaveLength(1);
    expect(job.errors[0]).toMatchObject({ attempt: 1, errorType: 'TypeError', message: 'handler broke' });
    expect(job.leaseToken).toBeNull();
  });

  it('gives up after its last retry, leaving the job leased until its lease expires', async () => {
    const { storage, jobFailCalls } = storageFailingJobFail(Number.POSITIVE_INFINITY);

    const id = await runOneFailingJob(storage);

    await waitFor(() => (jobFailCalls() === 4 ? true : undefined), { description: 'all four tries' });
    const job = await storage.jobGet({ id });
    expect(job?.status).toBe('processing');
    expect(job?.errors).toHaveLength(0);
  });
});
