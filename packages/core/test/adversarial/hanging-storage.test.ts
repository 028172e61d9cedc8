import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

import { AtomizerClient, AtomizerServer, defineJob, InMemoryStorage, type JobStorage } from '../../src/index.js';
import { Gate } from '../../src/testing/processing/harness.js';
import { waitFor } from '../../src/testing/index.js';
import { capturingLogger, silentLogger } from '../helpers.js';

/** Generous: stop() must end within shutdownTimeoutMs plus a few seconds; this only bounds a hang. */
const STOP_WAIT_MS = 12_000;

/** An InMemoryStorage whose chosen methods, once armed, never answer. */
function hangingStorage(): {
  storage: JobStorage;
  inner: InMemoryStorage;
  hang(method: string): void;
  hungCalls: Array<{ method: string; params: Record<string, unknown> }>;
} {
  const inner = new InMemoryStorage();
  const hanging = new Set<string>();
  const hungCalls: Array<{ method: string; params: Record<string, unknown> }> = [];
  const storage = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (hanging.has(String(property))) {
          hungCalls.push({ method: String(property), params: (args[0] ?? {}) as Record<string, unknown> });
          return new Promise(() => undefined);
        }
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage, inner, hang: (method) => hanging.add(method), hungCalls };
}

// The cases run concurrently (each waits seconds for the shutdown budget), so gates open at the end.
const handlerGates: Gate[] = [];
afterAll(() => {
  for (const gate of handlerGates.splice(0)) gate.open();
});

type Scenario = 'completes' | 'throws' | 'ignores-abort';

function scenarioJob(scenario: Scenario) {
  const started = { count: 0 };
  const gate = new Gate();
  handlerGates.push(gate);
  const job = defineJob({
    name: 'hang-scenario',
    schema: z.object({}),
    handler: async () => {
      started.count += 1;
      if (scenario === 'throws') throw new Error('attempt fails');
      if (scenario === 'ignores-abort') await gate.opened;
    },
  });
  return { job, started };
}

async function setUp(scenario: Scenario, options: { scheduler?: boolean } = {}) {
  const world = hangingStorage();
  const { logger, lines } = capturingLogger();
  const { job, started } = scenarioJob(scenario);
  const server = new AtomizerServer({
    storage: world.storage,
    jobs: [job],
    logger,
    shutdownTimeoutMs: 20,
    heartbeatIntervalMs: 20,
    queues: { default: { pollIntervalMs: 10 } },
    scheduler: { enabled: options.scheduler ?? false, pollIntervalMs: 20 },
  });
  const client = new AtomizerClient({ storage: world.inner, jobs: [job], logger: silentLogger });
  return { ...world, lines, server, client, job, started };
}

/** Stops the server and waits (bounded) for stop() to resolve; true when it did. */
async function stopsInTime(server: AtomizerServer): Promise<boolean> {
  let stopped = false;
  void server.stop().then(() => {
    stopped = true;
  });
  await waitFor(() => stopped, { timeoutMs: STOP_WAIT_MS, description: 'stop() resolved' }).catch(() => undefined);
  return stopped;
}

function loggedWith(lines: Array<Record<string, unknown>>, ...texts: string[]): boolean {
  return lines.some((line) => {
    const text = JSON.stringify(line);
    return (line.level as number) >= 40 && texts.every((part) => text.includes(part));
  });
}

describe.concurrent('[memory] adversarial: stop() ends even when a storage call never answers', () => {
  it('a lease call that hangs: stop() ends and logs the abandoned lease token', async () => {
    const world = await setUp('completes');
    await world.server.start();
    world.hang('jobLease');
    await waitFor(() => world.hungCalls.length > 0, { description: 'a lease call hung' });

    const stopped = await stopsInTime(world.server);

    const leaseToken = String(world.hungCalls[0]?.params.leaseToken);
    expect(stopped).toBe(true);
    expect(loggedWith(world.lines, 'abandoned', leaseToken)).toBe(true);
  }, 20_000);

  it.each([
    ['jobComplete', 'completes'],
    ['jobFail', 'throws'],
    ['jobRelease', 'ignores-abort'],
  ] as const)('a %s call that hangs: stop() ends and logs the job id and lease token it gave up on', async (method, scenario) => {
    const world = await setUp(scenario);
    world.hang(method);
    const id = await world.client.enqueue(world.job, {});
    await world.server.start();
    await waitFor(() => world.started.count > 0, { description: 'the handler ran' });
    if (method !== 'jobRelease') await waitFor(() => world.hungCalls.length > 0, { description: `a ${method} call hung` });

    const stopped = await stopsInTime(world.server);

    const leaseToken = String((await world.inner.jobGet({ id }))?.leaseToken);
    expect(stopped).toBe(true);
    expect(loggedWith(world.lines, 'abandoned', id, leaseToken)).toBe(true);
  }, 20_000);

  it.each(['serverHeartbeat', 'serverRemove', 'serverRecoverStale'])(
    'a %s call that hangs: stop() ends and logs that the heartbeat was abandoned',
    async (method) => {
      const world = await setUp('completes');
      await world.server.start();
      world.hang(method);
      if (method !== 'serverRemove') await waitFor(() => world.hungCalls.length > 0, { description: `a ${method} call hung` });

      const stopped = await stopsInTime(world.server);

      expect(stopped).toBe(true);
      expect(loggedWith(world.lines, 'abandoned', 'heartbeat')).toBe(true);
    },
    20_000,
  );

  it('a schedule lease call that hangs: stop() ends and logs that the scheduler was abandoned', async () => {
    const world = await setUp('completes', { scheduler: true });
    await world.server.start();
    world.hang('scheduleLeaseDue');
    await waitFor(() => world.hungCalls.length > 0, { description: 'a schedule lease call hung' });

    const stopped = await stopsInTime(world.server);

    expect(stopped).toBe(true);
    expect(loggedWith(world.lines, 'abandoned', 'scheduler')).toBe(true);
  }, 20_000);
});
