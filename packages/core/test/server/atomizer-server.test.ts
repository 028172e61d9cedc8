import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  AtomizerServer,
  defineJob,
  InMemoryStorage,
  ServerStateError,
  type AtomizerServerOptions,
  type JobCompleteParams,
  type JobLeaseParams,
  type JobRecord,
} from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { capturingLogger, noopJob, silentLogger, spyStorage } from '../helpers.js';

const servers: AtomizerServer[] = [];

function newServer(options: Partial<AtomizerServerOptions> & Pick<AtomizerServerOptions, 'storage'>): AtomizerServer {
  const server = new AtomizerServer({
    jobs: [noopJob],
    logger: silentLogger,
    queues: { default: { pollIntervalMs: 10 } },
    ...options,
  });
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function enqueueMany(storage: InMemoryStorage, count: number, job = noopJob): Promise<string[]> {
  const client = new AtomizerClient({ storage, jobs: [job], logger: silentLogger });
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) ids.push(await client.enqueue(job, { n }));
  return ids;
}

describe('AtomizerServer lifecycle', () => {
  it('refuses a second start while running', async () => {
    const server = newServer({ storage: new InMemoryStorage() });
    await server.start();

    await expect(server.start()).rejects.toThrow(ServerStateError);
    expect(server.getState()).toBe('running');
  });

  it('treats stop() before start() as a no-op and shares one promise between concurrent stops', async () => {
    const server = newServer({ storage: new InMemoryStorage() });
    await server.stop();
    await server.start();

    const first = server.stop();
    const second = server.stop();
    await Promise.all([first, second]);

    expect(first).toBe(second);
    expect(server.getState()).toBe('stopped');
  });

  it('takes a new server id at every start', async () => {
    const server = newServer({ storage: new InMemoryStorage(), instanceId: 'fixed-instance' });
    await server.start();
    const firstId = server.getServerId();
    await server.stop();

    await server.start();

    expect(firstId).toMatch(/^fixed-instance:\*:[0-9a-f]{12}$/);
    expect(server.getServerId()).toMatch(/^fixed-instance:\*:[0-9a-f]{12}$/);
    expect(server.getServerId()).not.toBe(firstId);
  });
});

describe('AtomizerServer leasing', () => {
  it('leases min(batchSize, idle slots) under a fresh token per call, and only with an idle slot', async () => {
    const storage = new InMemoryStorage();
    const spy = spyStorage(storage);
    let running = 0;
    const leaseObservations: Array<{ limit: number; running: number; token: string }> = [];
    const slowish = defineJob({
      name: 'noop',
      schema: z.object({ n: z.number().optional() }),
      handler: async () => {
        running += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
    });
    const observed = new Proxy(spy.storage, {
      get(target, property, receiver) {
        if (property === 'jobLease') {
          return (params: JobLeaseParams) => {
            leaseObservations.push({ limit: params.limit, running, token: params.leaseToken });
            return target.jobLease(params);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    await enqueueMany(storage, 60, slowish);
    const server = newServer({
      storage: observed,
      jobs: [slowish],
      queues: { default: { pollIntervalMs: 10, parallelism: 3, batchSize: 10 } },
    });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 60, { description: 'all completed' });

    expect(leaseObservations[0]?.limit).toBe(3);
    for (const observation of leaseObservations) {
      expect(observation.running).toBeLessThan(3);
      expect(observation.limit).toBeLessThanOrEqual(3 - observation.running);
      expect(observation.limit).toBeGreaterThan(0);
    }
    const tokens = leaseObservations.map((observation) => observation.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.every((token) => token.startsWith(`${server.getServerId()}:*:`))).toBe(true);
  });

  it('keeps polling after the storage fails a lease call', async () => {
    const storage = new InMemoryStorage();
    await enqueueMany(storage, 1);
    let failures = 0;
    const flaky = new Proxy(storage, {
      get(target, property, receiver) {
        if (property === 'jobLease') {
          return async (params: JobLeaseParams): Promise<JobRecord[]> => {
            if (failures < 2) {
              failures += 1;
              throw new Error('database unavailable');
            }
            return target.jobLease(params);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const server = newServer({ storage: flaky });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 1, { description: 'job completed' });

    expect(failures).toBe(2);
  });
});

describe('AtomizerServer completion batching', () => {
  it('writes the completions of one lease in one jobComplete call', async () => {
    const storage = new InMemoryStorage();
    const spy = spyStorage(storage);
    await enqueueMany(storage, 10);
    const server = newServer({ storage: spy.storage, queues: { default: { pollIntervalMs: 10, parallelism: 10, batchSize: 10 } } });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 10, { description: 'all completed' });

    const completes = spy.calls.filter((call) => call.method === 'jobComplete').map((call) => call.args[0] as JobCompleteParams);
    const leases = spy.calls.filter((call) => call.method === 'jobLease').map((call) => call.args[0] as JobLeaseParams);
    expect(completes).toHaveLength(1);
    expect(completes[0]?.ids).toHaveLength(10);
    expect(completes[0]?.leaseToken).toBe(leases[0]?.leaseToken);
  });

  it('flushes a group that is not full on the next turn, and a full group at once', async () => {
    const storage = new InMemoryStorage();
    const spy = spyStorage(storage);
    await enqueueMany(storage, 5);
    const server = newServer({ storage: spy.storage, queues: { default: { pollIntervalMs: 10, parallelism: 4, batchSize: 2 } } });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 5, { description: 'all completed' });

    const completes = spy.calls.filter((call) => call.method === 'jobComplete').map((call) => call.args[0] as JobCompleteParams);
    const leaseTokens = new Set(
      spy.calls.filter((call) => call.method === 'jobLease').map((call) => (call.args[0] as JobLeaseParams).leaseToken),
    );
    expect(completes.map((params) => params.ids.length).reduce((a, b) => a + b, 0)).toBe(5);
    expect(completes.every((params) => params.ids.length <= 2 && leaseTokens.has(params.leaseToken))).toBe(true);
  });
});

describe('AtomizerServer events and logs', () => {
  it('logs a listener error and goes on processing', async () => {
    const storage = new InMemoryStorage();
    await enqueueMany(storage, 3);
    const { logger, lines } = capturingLogger();
    const server = newServer({ storage, logger });
    server.events.on('job:completed', () => {
      throw new Error('listener bug');
    });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 3, { description: 'all completed' });

    expect(lines.filter((line) => line.msg === 'a server event listener threw; processing goes on')).toHaveLength(3);
  });

  it('once() listeners fire once and off() removes a listener', async () => {
    const storage = new InMemoryStorage();
    await enqueueMany(storage, 3);
    const server = newServer({ storage });
    const onceSeen: string[] = [];
    const removedSeen: string[] = [];
    const removed = (event: { jobId: string }) => removedSeen.push(event.jobId);
    server.events.once('job:completed', (event) => onceSeen.push(event.jobId));
    server.events.on('job:completed', removed);
    server.events.off('job:completed', removed);

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).completed === 3, { description: 'all completed' });

    expect(onceSeen).toHaveLength(1);
    expect(removedSeen).toEqual([]);
  });

  it('logs with serverId, queue, jobId and attempt', async () => {
    const storage = new InMemoryStorage();
    const failing = defineJob({
      name: 'noop',
      schema: z.object({ n: z.number().optional() }),
      handler: () => {
        throw new Error('nope');
      },
    });
    const [id] = await enqueueMany(storage, 1, failing);
    const { logger, lines } = capturingLogger();
    const server = newServer({
      storage,
      logger,
      jobs: [failing],
      queues: { default: { pollIntervalMs: 10, retry: { kind: 'fixed', delayMs: 0, maxAttempts: 1 } } },
    });

    await server.start();
    await waitFor(async () => (await storage.jobCount({})).failed === 1, { description: 'job failed' });

    const failure = lines.find((line) => line.msg === 'job failed for good');
    expect(failure).toMatchObject({ serverId: server.getServerId(), queue: 'default', jobId: id, attempt: 1, jobName: 'noop' });
    expect((failure?.err as { message?: string } | undefined)?.message).toBe('nope');
  });
});
