import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  defineJob,
  InMemoryStorage,
  JobPayloadInvalidError,
  JobPayloadNotSerializableError,
  JobQueueError,
} from '../../src/index.js';
import { silentLogger } from '../helpers.js';

describe('[memory] adversarial: error messages stay on one line, whatever text they quote', () => {
  it('a payload with a cycle: the JSON engine reason (several lines) is folded into one', async () => {
    const job = defineJob({ name: 'cyclic', schema: z.any(), handler: () => undefined });
    const client = new AtomizerClient({ storage: new InMemoryStorage(), jobs: [job], logger: silentLogger });
    const payload: Record<string, unknown> = {};
    payload.self = payload;

    const error: unknown = await client.enqueue(job, payload).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(JobPayloadNotSerializableError);
    expect((error as Error).message).toMatch(/^job "cyclic": payload must be JSON-serializable, got an error: Converting circular structure to JSON .*closes the circle$/);
  });

  it('a schema issue whose message spans lines is folded into one', async () => {
    const job = defineJob({
      name: 'multi-line-issue',
      schema: z.object({ n: z.number() }).refine(() => false, { message: 'first line\r\n  second line\nthird' }),
      handler: () => undefined,
    });
    const client = new AtomizerClient({ storage: new InMemoryStorage(), jobs: [job], logger: silentLogger });

    const error: unknown = await client.enqueue(job, { n: 1 }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(JobPayloadInvalidError);
    expect((error as Error).message).toContain('(root): first line second line third');
    expect((error as JobPayloadInvalidError).issues[0]?.message).toBe('first line\r\n  second line\nthird');
  });

  it('every JobQueueError folds line breaks in its message', () => {
    const error = new JobQueueError('TEST.CODE', 'where: option must be x,\n  got\r\ny\u2028z');

    expect(error.message).toBe('where: option must be x, got y z');
  });
});
