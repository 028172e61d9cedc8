import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob, type JobFailedEvent } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, expectStorable, stopServersAfterEach } from './support.js';

stopServersAfterEach();

/** Values a handler may throw (or reject with), each built fresh. */
const HOSTILE_THROWS: Array<[string, () => unknown]> = [
  ['a string', () => 'plain string'],
  ['null', () => null],
  ['undefined', () => undefined],
  ['a symbol', () => Symbol('boom')],
  ['a number', () => 42],
  ['an object with a cycle', () => {
    const value: Record<string, unknown> = { reason: 'cyclic' };
    value.self = value;
    return value;
  }],
  ['an object without a prototype', () => Object.create(null) as object],
  ['an object whose toString throws', () => ({
    toString(): string {
      throw new Error('toString refuses');
    },
  })],
  ['an Error whose message is an object', () => {
    const error = new Error('x');
    (error as unknown as { message: unknown }).message = { nested: true };
    return error;
  }],
  ['an Error whose stack is an object', () => {
    const error = new Error('x');
    (error as unknown as { stack: unknown }).stack = { frames: [] };
    return error;
  }],
  ['an Error with a 10 000-character name', () => {
    const error = new Error('x');
    error.name = 'N'.repeat(10_000);
    return error;
  }],
  ['an Error whose name is a symbol', () => {
    const error = new Error('x');
    (error as unknown as { name: unknown }).name = Symbol('name');
    return error;
  }],
  ['an Error whose name is a number', () => {
    const error = new Error('x');
    (error as unknown as { name: unknown }).name = 42;
    return error;
  }],
  ['an Error with a 1 MB message', () => new Error('m'.repeat(1_000_000))],
  ['an Error with NUL characters', () => new Error('before\u0000after')],
  ['an Error whose getters throw', () =>
    new Proxy(new Error('proxied'), {
      get(target, key, receiver) {
        if (key === 'message' || key === 'stack' || key === 'name') throw new Error(`getter ${String(key)} refuses`);
        return Reflect.get(target, key, receiver) as unknown;
      },
    })],
];

describe('[memory] adversarial: whatever a handler throws, its attempt is recorded and settled', () => {
  it.each(HOSTILE_THROWS)('a handler throwing %s fails the job with a storable error record', async (_label, make) => {
    const world = adversarialWorld();
    const job = defineJob({
      name: 'hostile-throw',
      schema: z.object({}),
      maxAttempts: 1,
      handler: () => {
        throw make();
      },
    });
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({ jobs: [job] });
    const failed: JobFailedEvent[] = [];
    server.events.on('job:failed', (event) => failed.push(event));

    await server.start();
    const stored = await waitFor(async () => {
      const details = await world.storage.jobGet({ id });
      return details?.status === 'failed' ? details : undefined;
    }, { timeoutMs: 3_000, description: 'the job failed for good' });
    await server.stop();

    expect(stored.errors).toHaveLength(1);
    expectStorable(stored.errors[0]);
    expect(failed.map((event) => event.jobId)).toEqual([id]);
    expect(await world.storage.jobCount({})).toMatchObject({ processing: 0 });
  });

  it('an Error from another realm (vm, a sandbox) keeps its type, message and stack', async () => {
    const world = adversarialWorld();
    const job = defineJob({
      name: 'other-realm',
      schema: z.object({}),
      maxAttempts: 1,
      handler: () => {
        throw runInNewContext('new TypeError("thrown in another realm")') as unknown;
      },
    });
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({ jobs: [job] });

    await server.start();
    const stored = await waitFor(async () => {
      const details = await world.storage.jobGet({ id });
      return details?.status === 'failed' ? details : undefined;
    }, { timeoutMs: 3_000, description: 'the job failed for good' });

    expect(stored.errors[0]).toMatchObject({ errorType: 'TypeError', message: 'thrown in another realm' });
    expect(stored.errors[0]?.stack).toContain('thrown in another realm');
  });

  it('a handler rejecting with a hostile value is treated like one throwing it', async () => {
    const world = adversarialWorld();
    const job = defineJob({
      name: 'hostile-reject',
      schema: z.object({}),
      maxAttempts: 1,
      handler: () => Promise.reject(Object.create(null) as object),
    });
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({ jobs: [job] });

    await server.start();
    const stored = await waitFor(async () => {
      const details = await world.storage.jobGet({ id });
      return details?.status === 'failed' ? details : undefined;
    }, { timeoutMs: 3_000, description: 'the job failed for good' });

    expectStorable(stored.errors[0]);
  });
});
