import { describe, expect, it } from 'vitest';

import {
  AtomizerServer,
  ConfigInvalidError,
  InMemoryStorage,
  JobNameDuplicateError,
  QueueNameInvalidError,
  defineJob,
  type AtomizerServerOptions,
} from '../../src/index.js';
import { noopJob, silentLogger } from '../helpers.js';
import { z } from 'zod';

function options(overrides: Record<string, unknown> = {}): AtomizerServerOptions {
  return { storage: new InMemoryStorage(), jobs: [noopJob], logger: silentLogger, ...overrides } as AtomizerServerOptions;
}

function errorOf(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new TypeError('expected the call to throw');
}

describe('AtomizerServer options', () => {
  it('accepts the defaults', () => {
    const server = new AtomizerServer(options());

    expect(server.getState()).toBe('idle');
  });

  it.each([
    [{ shutdownTimeoutMs: -1 }, 'AtomizerServer: shutdownTimeoutMs must be an integer between 0 and 3600000, got -1'],
    [{ shutdownTimeoutMs: 1.5 }, 'AtomizerServer: shutdownTimeoutMs must be an integer between 0 and 3600000, got 1.5'],
    [{ instanceId: '' }, 'AtomizerServer: instanceId must be 1-128 characters without ":*:" or NUL characters, got ""'],
    [{ instanceId: 'a:*:b' }, 'AtomizerServer: instanceId must be 1-128 characters without ":*:" or NUL characters, got "a:*:b"'],
    [{ instanceId: 'x'.repeat(129) }, 'AtomizerServer: instanceId must be 1-128 characters without ":*:" or NUL characters, got "xxx'],
    [{ storage: {} }, 'AtomizerServer: storage must implement JobStorage'],
    [{ storage: undefined }, 'AtomizerServer: storage must implement JobStorage'],
    [{ jobs: [] }, 'AtomizerServer: jobs must list at least one job definition, got []'],
    [{ jobs: [{ name: 'fake', handler: () => undefined }] }, 'AtomizerServer: jobs.0 must be a job definition made by defineJob'],
    [{ logger: console }, 'AtomizerServer: logger must be a pino-compatible logger'],
    [{ clock: Date }, 'AtomizerServer: clock must be a clock with a now() method'],
    [{ queues: {} }, 'AtomizerServer: queues must name at least one queue, got {}'],
    [{ pollIntervalMs: 100 }, 'AtomizerServer: pollIntervalMs is not a known option, got 100'],
  ])('rejects %j with a message naming option, rule and value', (override, message) => {
    const error = errorOf(() => new AtomizerServer(options(override)));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as ConfigInvalidError).code).toBe('CONFIG.INVALID_OPTION');
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([
    [{ parallelism: 0 }, 'parallelism must be an integer between 1 and 1000, got 0'],
    [{ parallelism: '4' }, 'parallelism must be an integer between 1 and 1000, got "4"'],
    [{ batchSize: 1001 }, 'batchSize must be an integer between 1 and 1000, got 1001'],
    [{ pollIntervalMs: 5 }, 'pollIntervalMs must be an integer between 10 and 3600000, got 5'],
    [{ visibilityTimeoutMs: 999 }, 'visibilityTimeoutMs must be an integer >= 1000, got 999'],
    [{ retry: { kind: 'linear' } }, 'retry.kind must be "fixed", "intervals" or "exponential", got "linear"'],
    [{ retry: { kind: 'fixed', delayMs: -1, maxAttempts: 3 } }, 'retry.delayMs must be an integer >= 0, got -1'],
    [{ retry: { kind: 'fixed', delayMs: 10, maxAttempts: 0 } }, 'retry.maxAttempts must be an integer between 1 and 1000, got 0'],
    [{ retry: { kind: 'fixed', delayMs: 10 } }, 'retry.maxAttempts must be an integer between 1 and 1000, got undefined'],
    [{ retry: { kind: 'intervals', intervalsMs: [] } }, 'retry.intervalsMs must list at least one interval, got []'],
    [{ retry: { kind: 'intervals', intervalsMs: [10, -5] } }, 'retry.intervalsMs.1 must be an integer >= 0, got -5'],
    [
      { retry: { kind: 'exponential', initialDelayMs: 100, maxDelayMs: 50, maxAttempts: 3 } },
      'retry.maxDelayMs must be an integer >= initialDelayMs, got 50',
    ],
    [
      { retry: { kind: 'exponential', initialDelayMs: 100, maxDelayMs: 500, factor: 1, maxAttempts: 3 } },
      'retry.factor must be a number > 1 and <= 100, got 1',
    ],
    [{ retry: { kind: 'fixed', delayMs: 1, maxAttempts: 1, jitter: 'yes' } }, 'retry.jitter must be a boolean, got "yes"'],
    [{ retry: { kind: 'fixed', delayMs: 1, maxAttempts: 1, backoff: 2 } }, 'retry.backoff is not a known option, got 2'],
    [{ concurrency: 4 }, 'concurrency is not a known option, got 4'],
  ])('rejects queue option %j with a message naming the queue', (queueOptions, message) => {
    const error = errorOf(() => new AtomizerServer(options({ queues: { files: queueOptions } })));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toBe(`AtomizerServer queue "files": ${message}`);
  });

  it.each(['', 'has space', 'a/b', '-lead', 'ü', 'x'.repeat(101), "x';drop"])(
    'rejects the queue name %j',
    (name) => {
      const error = errorOf(() => new AtomizerServer(options({ queues: { [name]: {} } })));

      expect(error).toBeInstanceOf(QueueNameInvalidError);
      expect((error as QueueNameInvalidError).code).toBe('QUEUE.NAME_INVALID');
      expect((error as QueueNameInvalidError).received).toBe(name);
    },
  );

  it('rejects two job definitions with one name', () => {
    const twin = defineJob({ name: 'noop', schema: z.object({}), handler: () => undefined });

    const error = errorOf(() => new AtomizerServer(options({ jobs: [noopJob, twin] })));

    expect(error).toBeInstanceOf(JobNameDuplicateError);
    expect((error as Error).message).toBe('AtomizerServer jobs: job names must be unique, got "noop" twice');
  });

  it('keeps the offending value and the zod error as cause', () => {
    const error = errorOf(() => new AtomizerServer(options({ shutdownTimeoutMs: -5 }))) as ConfigInvalidError;

    expect(error.option).toBe('shutdownTimeoutMs');
    expect(error.received).toBe(-5);
    expect(error.rule).toBe('must be an integer between 0 and 3600000');
    expect(error.cause).toBeInstanceOf(Error);
  });
});
