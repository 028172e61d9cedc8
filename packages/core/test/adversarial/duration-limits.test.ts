import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerServer,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  type QueueOptions,
  type RetryPolicy,
} from '../../src/index.js';
import { MAX_DURATION_MS } from '../../src/options/option-rules.js';
import { waitFor } from '../../src/testing/index.js';
import { silentLogger } from '../helpers.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

/** A safe integer whose sum with any current time is past the largest valid Date (8.64e15). */
const OVERFLOWING_MS = 9_000_000_000_000_000;

const job = defineJob({ name: 'timed', schema: z.object({}), handler: () => undefined });

/** Every queue option that is a duration added to a time, as (label, options with `ms`). */
const QUEUE_DURATIONS: Array<[string, (ms: number) => QueueOptions]> = [
  ['visibilityTimeoutMs', (ms) => ({ visibilityTimeoutMs: ms })],
  ['retry.delayMs (fixed)', (ms) => ({ retry: { kind: 'fixed', delayMs: ms, maxAttempts: 2 } })],
  ['retry.intervalsMs (intervals)', (ms) => ({ retry: { kind: 'intervals', intervalsMs: [ms] } })],
  ['retry.initialDelayMs (exponential)', (ms) => ({
    retry: { kind: 'exponential', initialDelayMs: ms, maxDelayMs: ms, maxAttempts: 2 } satisfies RetryPolicy,
  })],
  ['retry.maxDelayMs (exponential)', (ms) => ({
    retry: { kind: 'exponential', initialDelayMs: 1_000, maxDelayMs: ms, maxAttempts: 2, factor: 100 } satisfies RetryPolicy,
  })],
];

describe('[memory] adversarial: durations can never push a time out of the Date range', () => {
  it.each(QUEUE_DURATIONS)('the queue option %s refuses a duration that overflows, naming it', (label, options) => {
    const create = (): AtomizerServer =>
      new AtomizerServer({ storage: new InMemoryStorage(), jobs: [job], logger: silentLogger, queues: { files: options(OVERFLOWING_MS) } });

    expect(create).toThrow(ConfigInvalidError);
    expect(create).toThrow(new RegExp(`queue "files": ${label.split(' ')[0]?.replace('.', '\\.')}(\\.0)? must be at most ${MAX_DURATION_MS}`));
  });

  it.each([
    ['enqueue({ delayMs })', 'enqueue'],
    ['enqueueIn(delayMs)', 'enqueueIn'],
  ] as const)('%s refuses a delay that overflows, and stores nothing', async (_label, method) => {
    const world = adversarialWorld();
    const client = world.client([job]);

    const attempt =
      method === 'enqueue' ? client.enqueue(job, {}, { delayMs: OVERFLOWING_MS }) : client.enqueueIn(job, {}, OVERFLOWING_MS);

    await expect(attempt).rejects.toThrow(`enqueue "timed": delayMs must be at most ${MAX_DURATION_MS}`);
    expect(await world.storage.jobCount({})).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
  });

  it('the longest accepted enqueue delay stores a valid run time', async () => {
    const world = adversarialWorld();

    const id = await world.client([job]).enqueueIn(job, {}, MAX_DURATION_MS);

    const stored = await world.storage.jobGet({ id });
    expect(Number.isNaN(stored?.runAt.getTime())).toBe(false);
    expect(Number.isNaN(stored?.availableAt?.getTime())).toBe(false);
  });

  it.each(QUEUE_DURATIONS)('the longest accepted %s gives a job valid lease and retry times', async (_label, options) => {
    const world = adversarialWorld();
    const failing = defineJob({
      name: 'fails-once',
      schema: z.object({}),
      maxAttempts: 2,
      handler: () => {
        throw new Error('first attempt fails');
      },
    });
    const id = await world.client([failing]).enqueue(failing, {});
    const server = world.server({ jobs: [failing], queues: { default: { pollIntervalMs: 10, ...options(MAX_DURATION_MS) } } });
    const leaseTimes: Date[] = [];
    server.events.on('job:retrying', (event) => leaseTimes.push(event.retryAt));

    await server.start();
    const stored = await waitFor(async () => {
      const details = await world.storage.jobGet({ id });
      return details?.errors.length === 1 ? details : undefined;
    }, { timeoutMs: 3_000, description: 'the first attempt recorded' });
    await server.stop();

    expect(stored.status).toBe('pending');
    expect(Number.isNaN(stored.availableAt?.getTime())).toBe(false);
    expect(leaseTimes.every((time) => !Number.isNaN(time.getTime()))).toBe(true);
  });
});
