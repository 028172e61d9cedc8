import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  JobKeyInvalidError,
  JobNotRegisteredError,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobPayloadTooLargeError,
  QueueNameInvalidError,
  StorageTransactionUnsupportedError,
  type JobInsertParams,
} from '../../src/index.js';
import { FakeClock, noopJob, silentLogger, spyStorage } from '../helpers.js';

const hashFile = defineJob({
  name: 'hash-file',
  schema: z.object({ path: z.string().min(1), size: z.number().int().optional() }),
  queue: 'files',
  maxAttempts: 5,
  handler: () => undefined,
});

function setup(maxPayloadBytes?: number) {
  const clock = new FakeClock();
  const spy = spyStorage(new InMemoryStorage());
  const client = new AtomizerClient({
    storage: spy.storage,
    jobs: [hashFile, noopJob],
    logger: silentLogger,
    clock,
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
  });
  const inserts = () =>
    spy.calls.filter((call) => call.method === 'jobInsert').map((call) => call.args[0] as JobInsertParams);
  return { client, clock, spy, inserts };
}

async function rejectionOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new TypeError('expected a rejection');
}

describe('AtomizerClient.enqueue', () => {
  it('inserts a pending job in the definition queue with the definition maxAttempts', async () => {
    const { client, clock, inserts } = setup();

    const id = await client.enqueue(hashFile, { path: '/tmp/a' });

    expect(inserts()).toEqual([
      {
        id,
        name: 'hash-file',
        queue: 'files',
        payload: '{"path":"/tmp/a"}',
        runAt: clock.now(),
        maxAttempts: 5,
        idempotencyKey: null,
        scheduleKey: null,
        now: clock.now(),
      },
    ]);
    expect(await client.getJob(id)).toMatchObject({ status: 'pending', queue: 'files' });
  });

  it('lets enqueue options override the queue and maxAttempts', async () => {
    const { client, inserts } = setup();

    await client.enqueue(hashFile, { path: '/a' }, { queue: 'urgent', maxAttempts: 9 });

    expect(inserts()[0]).toMatchObject({ queue: 'urgent', maxAttempts: 9 });
  });

  it('stores maxAttempts 0 (queue policy decides) when neither the call nor the definition sets it', async () => {
    const { client, inserts } = setup();

    await client.enqueue(noopJob, {});

    expect(inserts()[0]).toMatchObject({ queue: 'default', maxAttempts: 0 });
  });

  it('computes runAt from runAt, delayMs, enqueueAt and enqueueIn', async () => {
    const { client, clock, inserts } = setup();
    const at = new Date(Date.UTC(2031, 5, 6));

    await client.enqueue(noopJob, {}, { runAt: at });
    await client.enqueue(noopJob, {}, { delayMs: 1_500 });
    await client.enqueueAt(noopJob, {}, at);
    await client.enqueueIn(noopJob, {}, 60_000);

    const now = clock.now().getTime();
    expect(inserts().map((params) => params.runAt.getTime())).toEqual([at.getTime(), now + 1_500, at.getTime(), now + 60_000]);
  });

  it('returns the first id for a repeated idempotency key', async () => {
    const { client } = setup();

    const first = await client.enqueue(noopJob, { n: 1 }, { idempotencyKey: 'order-42' });
    const second = await client.enqueue(noopJob, { n: 2 }, { idempotencyKey: 'order-42' });

    expect(second).toBe(first);
    expect((await client.countJobs()).pending).toBe(1);
  });

  it('rejects a job definition it was not given', async () => {
    const { client } = setup();
    const stranger = defineJob({ name: 'stranger', schema: z.object({}), handler: () => undefined });

    const error = await rejectionOf(client.enqueue(stranger, {}));

    expect(error).toBeInstanceOf(JobNotRegisteredError);
    expect((error as JobNotRegisteredError).code).toBe('JOB.NOT_REGISTERED');
    expect((error as Error).message).toBe('AtomizerClient.enqueue: job "stranger" is not registered; pass its definition in "jobs"');
  });

  it.each(['has space', 'a/b', '', '-x', 'ü', 'x'.repeat(101), "q';--", 'tab\tq', 42])(
    'rejects the queue name %j',
    async (queue) => {
      const { client, inserts } = setup();

      const error = await rejectionOf(client.enqueue(noopJob, {}, { queue: queue as string }));

      expect(error).toBeInstanceOf(QueueNameInvalidError);
      expect((error as QueueNameInvalidError).received).toBe(queue);
      expect((error as Error).message).toContain('enqueue "noop": queue name must match');
      expect(inserts()).toEqual([]);
    },
  );

  it('rejects a payload the schema refuses, with the zod issues', async () => {
    const { client, inserts } = setup();

    const error = await rejectionOf(client.enqueue(hashFile, { path: '', size: 1.5 }));

    expect(error).toBeInstanceOf(JobPayloadInvalidError);
    const invalid = error as JobPayloadInvalidError;
    expect(invalid.code).toBe('JOB.PAYLOAD_INVALID');
    expect(invalid.issues.map((issue) => issue.path)).toEqual([['path'], ['size']]);
    expect(invalid.message).toContain('job "hash-file": payload must match the job\'s schema, got 2 issue(s): path:');
    expect(inserts()).toEqual([]);
  });

  it('validates what the handler will receive: the payload after a JSON round trip', async () => {
    const withDate = defineJob({ name: 'dated', schema: z.object({ at: z.date() }), handler: () => undefined });
    const dated = new AtomizerClient({ storage: new InMemoryStorage(), jobs: [withDate], logger: silentLogger });

    const error = await rejectionOf(dated.enqueue(withDate, { at: new Date() }));

    expect(error).toBeInstanceOf(JobPayloadInvalidError);
  });

  it('rejects a payload over maxPayloadBytes, counting UTF-8 bytes', async () => {
    const { client } = setup(64);
    const path = 'é'.repeat(30); // 41 characters of JSON, but 71 bytes

    const error = await rejectionOf(client.enqueue(hashFile, { path }));

    expect(error).toBeInstanceOf(JobPayloadTooLargeError);
    const tooLarge = error as JobPayloadTooLargeError;
    expect([tooLarge.receivedBytes, tooLarge.maxBytes]).toEqual([Buffer.byteLength(`{"path":"${path}"}`), 64]);
    expect(tooLarge.message).toBe(`job "hash-file": payload JSON must be at most 64 bytes (maxPayloadBytes), got ${tooLarge.receivedBytes}`);
  });

  it('accepts a payload of exactly maxPayloadBytes', async () => {
    const { client } = setup(Buffer.byteLength('{"path":"abc"}'));

    await expect(client.enqueue(hashFile, { path: 'abc' })).resolves.toEqual(expect.any(String));
  });

  it.each([
    ['a BigInt', { path: 'x', size: 1n }],
    ['a cycle', (() => { const cyclic: Record<string, unknown> = { path: 'x' }; cyclic.self = cyclic; return cyclic; })()],
  ])('rejects a payload with %s as not serializable', async (_label, payload) => {
    const { client } = setup();

    const error = await rejectionOf(client.enqueue(hashFile, payload as never));

    expect(error).toBeInstanceOf(JobPayloadNotSerializableError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('rejects runAt together with delayMs', async () => {
    const { client } = setup();

    const error = await rejectionOf(client.enqueue(noopJob, {}, { runAt: new Date(0), delayMs: 5 }));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toBe(
      'enqueue "noop": runAt must not be combined with delayMs (pick one), got {"runAt":"1970-01-01T00:00:00.000Z","delayMs":5}',
    );
  });

  it.each([
    [{ delayMs: -1 }, 'enqueue "noop": delayMs must be an integer >= 0, got -1'],
    [{ runAt: new Date(Number.NaN) }, 'enqueue "noop": runAt must be a valid Date, got Invalid Date'],
    [{ runAt: '2030-01-01' }, 'enqueue "noop": runAt must be a valid Date, got "2030-01-01"'],
    [{ maxAttempts: 0 }, 'enqueue "noop": maxAttempts must be an integer between 1 and 1000, got 0'],
    [{ priority: 1 }, 'enqueue "noop": priority is not a known option, got 1'],
  ])('rejects enqueue options %j', async (options, message) => {
    const { client } = setup();

    const error = await rejectionOf(client.enqueue(noopJob, {}, options as never));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toBe(message);
  });

  it.each(['', 'k'.repeat(256), 7])('rejects the idempotency key %j', async (key) => {
    const { client } = setup();

    const error = await rejectionOf(client.enqueue(noopJob, {}, { idempotencyKey: key as string }));

    expect(error).toBeInstanceOf(JobKeyInvalidError);
    expect((error as Error).message).toContain('enqueue "noop": idempotencyKey must be a string of 1-255 characters, got');
  });

  it('accepts a 255-character idempotency key', async () => {
    const { client } = setup();

    await expect(client.enqueue(noopJob, {}, { idempotencyKey: 'k'.repeat(255) })).resolves.toEqual(expect.any(String));
  });

  it('passes transaction through to the storage as the call context', async () => {
    const { client, spy } = setup();
    const tx = { marker: 'tx' };

    const error = await rejectionOf(client.enqueue(noopJob, {}, { transaction: tx }));

    const insert = spy.calls.find((call) => call.method === 'jobInsert');
    expect(insert?.args[1]).toEqual({ transaction: tx });
    expect(error).toBeInstanceOf(StorageTransactionUnsupportedError);
  });
});

describe('AtomizerClient reads', () => {
  it('counts jobs per queue and overall', async () => {
    const { client } = setup();
    await client.enqueue(hashFile, { path: '/a' });
    await client.enqueue(noopJob, {});

    const files = await client.countJobs({ queue: 'files' });
    const all = await client.countJobs();

    expect(files).toEqual({ pending: 1, processing: 0, completed: 0, failed: 0 });
    expect(all.pending).toBe(2);
  });

  it('returns null for an unknown job id', async () => {
    const { client } = setup();

    expect(await client.getJob('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
