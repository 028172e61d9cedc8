import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  AtomizerServer,
  defineJob,
  InMemoryStorage,
  type AtomizerServerOptions,
  type JobStorage,
} from '../../src/index.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { capturingLogger, Gate, interceptedStorage, noopJob, silentLogger } from './support.js';

/** Fast heartbeats so a dead server turns stale within a fraction of a second. */
const FAST_HEARTBEAT = { heartbeatIntervalMs: 20, staleServerTimeoutMs: 120, staleSweepIntervalMs: 20 } as const;

/** Far longer than any wait here: only heartbeat recovery can bring a held job back in time. */
const LONG_VISIBILITY = { visibilityTimeoutMs: 3_600_000, pollIntervalMs: 10, parallelism: 8 } as const;

const servers: AtomizerServer[] = [];

function startServer(options: AtomizerServerOptions): AtomizerServer {
  const server = new AtomizerServer({ logger: silentLogger, shutdownTimeoutMs: 200, ...FAST_HEARTBEAT, ...options });
  servers.push(server);
  return server;
}

/**
 * The storage as a process that can be killed sees it: after `kill()`, every call fails, so the
 * "process" neither beats nor writes any more, like one that got SIGKILL.
 */
function killableStorage(storage: JobStorage): { storage: JobStorage; kill(): void } {
  let killed = false;
  const { storage: proxy } = interceptedStorage(storage, async (method, _args, call) => {
    if (killed) throw new TypeError(`process killed; ${method} never reached the database`);
    return call();
  });
  return { storage: proxy, kill: () => (killed = true) };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('[memory] dead-server recovery', () => {
  it('a restarted process with the same instance id frees its dead predecessor\'s jobs in every queue', async () => {
    const memory = new InMemoryStorage();
    const runs: Array<{ jobId: string; attempt: number }> = [];
    const job = defineJob({
      name: 'send',
      schema: z.object({ n: z.number() }),
      handler: async (_payload, ctx) => {
        // The first incarnation dies holding the job; it never finishes a run.
        if (ctx.attempt === 1) {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          return;
        }
        runs.push({ jobId: ctx.jobId, attempt: ctx.attempt });
      },
    });
    const client = new AtomizerClient({ storage: memory, jobs: [job], logger: silentLogger });
    const ids = [
      ...(await Promise.all([1, 2, 3].map((n) => client.enqueue(job, { n }, { queue: 'mail' })))),
      ...(await Promise.all([4, 5].map((n) => client.enqueue(job, { n }, { queue: 'files' })))),
    ];
    const doomed = killableStorage(memory);
    const first = startServer({
      storage: doomed.storage,
      jobs: [job],
      instanceId: 'fixed',
      queues: { mail: LONG_VISIBILITY, files: LONG_VISIBILITY },
    });
    await first.start();
    await waitFor(async () => (await memory.jobCount({})).processing === 5, { description: '5 jobs held' });
    const { logger, lines } = capturingLogger();

    doomed.kill();
    const restarted = startServer({
      storage: memory,
      jobs: [job],
      instanceId: 'fixed',
      logger,
      queues: { mail: LONG_VISIBILITY, files: LONG_VISIBILITY },
    });
    await restarted.start();
    await waitFor(async () => (await memory.jobCount({})).completed === 5, { description: '5 jobs completed' });

    expect(restarted.getServerId()).not.toBe(first.getServerId());
    expect(runs.map((run) => run.jobId).sort()).toEqual([...ids].sort());
    expect(runs.every((run) => run.attempt === 2)).toBe(true);
    const recoveries = lines.filter((line) => line.deadServerId === first.getServerId());
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toMatchObject({ level: 30, releasedJobs: 5, serverId: restarted.getServerId() });
  });

  it('a live server never frees the jobs of a server that keeps beating', async () => {
    const memory = new InMemoryStorage();
    const release = new Gate();
    const job = defineJob({
      name: 'slow',
      schema: z.object({}),
      handler: async () => {
        await release.opened;
      },
    });
    const client = new AtomizerClient({ storage: memory, jobs: [job], logger: silentLogger });
    await client.enqueue(job, {});
    await client.enqueue(job, {});
    const holder = startServer({ storage: memory, jobs: [job], queues: { default: LONG_VISIBILITY } });
    await holder.start();
    await waitFor(async () => (await memory.jobCount({})).processing === 2, { description: '2 jobs held' });
    const { logger, lines } = capturingLogger();
    const { storage: sweeperStorage, calls } = interceptedStorage(memory, (_method, _args, call) => call());
    const sweeper = startServer({ storage: sweeperStorage, jobs: [job], logger, queues: { default: LONG_VISIBILITY } });

    await sweeper.start();
    // Many sweeps, each long after the holder's first beat went stale had it stopped beating.
    await waitFor(() => (calls.get('serverRecoverStale') ?? 0) >= 20, { description: '20 sweeps' });

    expect(await memory.jobCount({})).toMatchObject({ processing: 2, pending: 0 });
    expect(lines.filter((line) => line.deadServerId !== undefined)).toEqual([]);
    release.open();
    await waitFor(async () => (await memory.jobCount({})).completed === 2, { description: '2 jobs completed' });
  });

  it('start() fails when the first heartbeat cannot be written, before anything is leased', async () => {
    const memory = new InMemoryStorage();
    await new AtomizerClient({ storage: memory, jobs: [noopJob], logger: silentLogger }).enqueue(noopJob, {});
    const { storage, calls } = interceptedStorage(memory, async (method, _args, call) => {
      if (method === 'serverHeartbeat') throw new TypeError('database unreachable');
      return call();
    });
    const server = startServer({ storage, jobs: [noopJob] });

    const started = server.start();

    await expect(started).rejects.toThrow('database unreachable');
    expect(server.getState()).toBe('stopped');
    expect(calls.get('jobLease')).toBeUndefined();
    expect(await memory.jobCount({})).toMatchObject({ pending: 1 });
  });

  it('beats while the queues drain on stop, and removes its row last', async () => {
    const memory = new InMemoryStorage();
    const release = new Gate();
    let started = false;
    const job = defineJob({
      name: 'drain',
      schema: z.object({}),
      handler: async () => {
        started = true;
        await release.opened;
      },
    });
    await new AtomizerClient({ storage: memory, jobs: [job], logger: silentLogger }).enqueue(job, {});
    const { storage, calls } = interceptedStorage(memory, (_method, _args, call) => call());
    const server = startServer({ storage, jobs: [job], shutdownTimeoutMs: 60_000, queues: { default: LONG_VISIBILITY } });
    await server.start();
    await waitFor(() => started, { description: 'handler started' });

    const stopping = server.stop();
    const beatsAtStop = calls.get('serverHeartbeat') ?? 0;
    await waitFor(() => (calls.get('serverHeartbeat') ?? 0) >= beatsAtStop + 3, { description: '3 beats while draining' });
    const rowsWhileDraining = await memory.serverList();
    release.open();
    await stopping;

    expect(rowsWhileDraining.map((row) => row.serverId)).toEqual([server.getServerId()]);
    expect(await memory.serverList()).toEqual([]);
    expect(await memory.jobCount({})).toMatchObject({ completed: 1 });
  });

  it('a server declared dead while alive registers again, and its late outcome is fenced', async () => {
    const memory = new InMemoryStorage();
    const beatsHeld = new Gate();
    const handlerHeld = new Gate();
    const runs: number[] = [];
    const job = defineJob({
      name: 'twice',
      schema: z.object({}),
      handler: async (_payload, ctx) => {
        runs.push(ctx.attempt);
        if (ctx.attempt === 1) await handlerHeld.opened;
      },
    });
    await new AtomizerClient({ storage: memory, jobs: [job], logger: silentLogger }).enqueue(job, {});
    // A server whose beats stall (a long pause, a database outage) while its handler runs on.
    let beats = 0;
    const { storage: stalledStorage } = interceptedStorage(memory, async (method, _args, call) => {
      if (method === 'serverHeartbeat' && ++beats > 1) await beatsHeld.opened;
      return call();
    });
    const { logger, lines } = capturingLogger();
    const stalled = startServer({ storage: stalledStorage, jobs: [job], logger, queues: { default: LONG_VISIBILITY } });
    const leaseLost: string[] = [];
    stalled.events.on('job:lease-lost', (event) => leaseLost.push(event.outcome));
    await stalled.start();
    await waitFor(() => runs.length === 1, { description: 'first run started' });

    const peer = startServer({ storage: memory, jobs: [job], queues: { default: LONG_VISIBILITY } });
    await peer.start();
    await waitFor(async () => (await memory.jobCount({})).completed === 1, { description: 'peer completed the job' });
    handlerHeld.open();
    await waitFor(() => leaseLost.length === 1, { description: 'late completion refused' });
    beatsHeld.open();
    const reRegistered = await waitFor(() => lines.find((line) => String(line.msg).includes('heartbeat row was missing')), {
      description: 're-registration warning logged',
    });

    // At least once: the handler ran twice, the job was completed once.
    expect(runs).toEqual([1, 2]);
    expect(leaseLost).toEqual(['completed']);
    expect(reRegistered).toMatchObject({ level: 40, serverId: stalled.getServerId() });
    expect((await memory.serverList()).map((row) => row.serverId).sort()).toEqual(
      [stalled.getServerId(), peer.getServerId()].sort(),
    );
  });
});
