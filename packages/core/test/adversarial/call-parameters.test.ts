import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  QueueNameInvalidError,
  StorageTransactionUnsupportedError,
} from '../../src/index.js';
import { silentLogger } from '../helpers.js';

const job = defineJob({ name: 'plain', schema: z.object({}), handler: () => undefined });

function newClient(): { client: AtomizerClient; storage: InMemoryStorage } {
  const storage = new InMemoryStorage();
  return { client: new AtomizerClient({ storage, jobs: [job], logger: silentLogger }), storage };
}

describe('[memory] adversarial: optional call parameters', () => {
  it('transaction: null is the same as no transaction (InMemoryStorage accepts it)', async () => {
    const { client, storage } = newClient();

    const id = await client.enqueue(job, {}, { transaction: null });

    expect(await storage.jobGet({ id })).not.toBeNull();
  });

  it('transaction: undefined is the same as no transaction', async () => {
    const { client, storage } = newClient();

    const id = await client.enqueue(job, {}, { transaction: undefined });

    expect(await storage.jobGet({ id })).not.toBeNull();
  });

  it('a real transaction handle still reaches the storage (InMemoryStorage refuses it)', async () => {
    const { client } = newClient();

    const attempt = client.enqueue(job, {}, { transaction: {} });

    await expect(attempt).rejects.toBeInstanceOf(StorageTransactionUnsupportedError);
  });

  it.each([
    ['with a space', 'a b'],
    ['empty', ''],
    ['a number', 7],
    ['null', null],
  ])('countJobs with a queue name %s is refused with a QueueNameInvalidError', async (_label, queue) => {
    const { client } = newClient();

    const attempt = client.countJobs({ queue: queue as string });

    await expect(attempt).rejects.toBeInstanceOf(QueueNameInvalidError);
    await expect(attempt).rejects.toThrow(/countJobs: queue name must match/);
  });

  it.each([
    ['a string', 'files'],
    ['an unknown option', { queues: 'files' }],
  ])('countJobs with %s as parameters is refused with a ConfigInvalidError', async (_label, params) => {
    const { client } = newClient();

    const attempt = client.countJobs(params as never);

    await expect(attempt).rejects.toBeInstanceOf(ConfigInvalidError);
  });

  it('countJobs with no parameters, undefined queue, or a valid queue counts', async () => {
    const { client } = newClient();
    await client.enqueue(job, {}, { queue: 'files' });

    const all = await client.countJobs();
    const unfiltered = await client.countJobs({ queue: undefined });
    const files = await client.countJobs({ queue: 'files' });
    const other = await client.countJobs({ queue: 'other' });

    expect(all.pending).toBe(1);
    expect(unfiltered.pending).toBe(1);
    expect(files.pending).toBe(1);
    expect(other.pending).toBe(0);
  });
});
