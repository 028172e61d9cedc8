import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { AtomizerClient, defineJob, InMemoryStorage, JobKeyInvalidError } from '../../src/index.js';
import { silentLogger } from '../helpers.js';

const job = defineJob({ name: 'keyed', schema: z.object({}), handler: () => undefined });

function newClient(): { client: AtomizerClient; storage: InMemoryStorage } {
  const storage = new InMemoryStorage();
  return { client: new AtomizerClient({ storage, jobs: [job], logger: silentLogger }), storage };
}

describe('[memory] adversarial: idempotency keys reserved for the scheduler', () => {
  // MySQL and SQL Server compare keys case- and accent-insensitively by default, so every
  // spelling those collations fold onto "schedule:" could still take an occurrence's key there.
  it.each([
    'schedule:nightly:2030-01-01T00:00:00.000Z',
    'schedule:',
    'SCHEDULE:nightly:2030-01-01T00:00:00.000Z',
    'Schedule:x',
    'sch\u00e9dule:x',
  ])('the key %j is refused naming the key and the reserved prefix, and nothing is stored', async (key) => {
    const { client, storage } = newClient();

    const error: unknown = await client.enqueue(job, {}, { idempotencyKey: key }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(error).toBeInstanceOf(JobKeyInvalidError);
    expect(error).toMatchObject({ code: 'JOB.KEY_INVALID', received: key });
    expect((error as Error).message).toContain(JSON.stringify(key));
    expect((error as Error).message).toContain('"schedule:"');
    expect(await storage.jobCount({})).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
  });

  it.each(['schedule', 'schedules:x', 'my-schedule:x', 'schedule-x', 'x:schedule:y'])(
    'the key %j is an ordinary key',
    async (key) => {
      const { client } = newClient();

      const first = await client.enqueue(job, {}, { idempotencyKey: key });
      const second = await client.enqueue(job, {}, { idempotencyKey: key });

      expect(second).toBe(first);
    },
  );
});
