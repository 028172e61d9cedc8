import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  ConfigInvalidError,
  defineJob,
  JobNameInvalidError,
  QueueNameInvalidError,
  type DefineJobOptions,
} from '../../src/index.js';

function define(overrides: Record<string, unknown>): unknown {
  try {
    return defineJob({
      name: 'job',
      schema: z.object({}),
      handler: () => undefined,
      ...overrides,
    } as DefineJobOptions<z.ZodType>);
  } catch (error) {
    return error;
  }
}

describe('defineJob', () => {
  it('returns a frozen definition with the given name, queue and maxAttempts', () => {
    const job = defineJob({ name: 'hash-file', schema: z.object({ path: z.string() }), queue: 'files', maxAttempts: 5, handler: () => undefined });

    expect(job).toMatchObject({ name: 'hash-file', queue: 'files', maxAttempts: 5 });
    expect(Object.isFrozen(job)).toBe(true);
  });

  it.each(['', 'has space', '.dot-first', 'a/b', 'x'.repeat(101), 'naïve'])('rejects the name %j', (name) => {
    const error = define({ name });

    expect(error).toBeInstanceOf(JobNameInvalidError);
    expect((error as JobNameInvalidError).received).toBe(name);
    expect((error as Error).message).toContain(`got ${JSON.stringify(name).slice(0, 20)}`);
  });

  it('accepts names with dots, colons, dashes and underscores', () => {
    expect(define({ name: 'mail:send.v2_retry-1' })).toMatchObject({ name: 'mail:send.v2_retry-1' });
  });

  it.each([
    [{ maxAttempts: 0 }, 'defineJob "job": maxAttempts must be an integer between 1 and 1000, got 0'],
    [{ maxAttempts: 2.5 }, 'defineJob "job": maxAttempts must be an integer between 1 and 1000, got 2.5'],
    [{ handler: 'run' }, 'defineJob "job": handler must be a function, got "run"'],
    [{ schema: { parse: () => undefined } }, 'defineJob "job": schema must be a zod schema, got {}'],
    [{ retries: 3 }, 'defineJob "job": retries is not a known option, got 3'],
  ])('rejects %j', (overrides, message) => {
    const error = define(overrides);

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toBe(message);
  });

  it('rejects an invalid default queue', () => {
    const error = define({ queue: 'no spaces' });

    expect(error).toBeInstanceOf(QueueNameInvalidError);
    expect((error as Error).message).toContain('defineJob "job": queue name must match');
    expect((error as Error).message).toContain('got "no spaces"');
  });
});
