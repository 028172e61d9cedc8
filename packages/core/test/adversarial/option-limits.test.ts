import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  AtomizerClient,
  AtomizerServer,
  ConfigInvalidError,
  defineJob,
  InMemoryStorage,
  type AtomizerServerOptions,
} from '../../src/index.js';
import { MAX_DURATION_MS } from '../../src/options/option-rules.js';
import { silentLogger } from '../helpers.js';

const job = defineJob({ name: 'limits', schema: z.object({}), handler: () => undefined });

type Options = Record<string, unknown>;

/**
 * Every integer option, as: the message prefix naming it, its bounds, and how to place a value
 * in the options (with whatever companion settings its cross-option rules need).
 */
const INTEGER_OPTIONS: Array<{ name: string; min: number; max: number; place: (value: unknown) => Options }> = [
  { name: 'AtomizerServer: shutdownTimeoutMs', min: 0, max: 3_600_000, place: (v) => ({ shutdownTimeoutMs: v }) },
  { name: 'AtomizerServer: heartbeatIntervalMs', min: 10, max: 3_600_000, place: (v) => ({ heartbeatIntervalMs: v }) },
  {
    name: 'AtomizerServer: staleServerTimeoutMs',
    min: 60,
    max: 86_400_000,
    place: (v) => ({ heartbeatIntervalMs: 10, staleServerTimeoutMs: v }),
  },
  { name: 'AtomizerServer: staleSweepIntervalMs', min: 1, max: 3_600_000, place: (v) => ({ staleSweepIntervalMs: v }) },
  { name: 'queue "q": parallelism', min: 1, max: 1_000, place: (v) => ({ queues: { q: { parallelism: v } } }) },
  { name: 'queue "q": batchSize', min: 1, max: 1_000, place: (v) => ({ queues: { q: { batchSize: v } } }) },
  { name: 'queue "q": pollIntervalMs', min: 10, max: 3_600_000, place: (v) => ({ queues: { q: { pollIntervalMs: v } } }) },
  {
    name: 'queue "q": visibilityTimeoutMs',
    min: 1_000,
    max: MAX_DURATION_MS,
    place: (v) => ({ queues: { q: { visibilityTimeoutMs: v } } }),
  },
  {
    name: 'queue "q": retry.delayMs',
    min: 0,
    max: MAX_DURATION_MS,
    place: (v) => ({ queues: { q: { retry: { kind: 'fixed', delayMs: v, maxAttempts: 2 } } } }),
  },
  {
    name: 'queue "q": retry.maxAttempts',
    min: 1,
    max: 1_000,
    place: (v) => ({ queues: { q: { retry: { kind: 'fixed', delayMs: 0, maxAttempts: v } } } }),
  },
  {
    name: 'queue "q": retry.intervalsMs.0',
    min: 0,
    max: MAX_DURATION_MS,
    place: (v) => ({ queues: { q: { retry: { kind: 'intervals', intervalsMs: [v] } } } }),
  },
  {
    name: 'queue "q": retry.initialDelayMs',
    min: 1,
    max: MAX_DURATION_MS,
    place: (v) => ({ queues: { q: { retry: { kind: 'exponential', initialDelayMs: v, maxDelayMs: MAX_DURATION_MS, maxAttempts: 2 } } } }),
  },
  {
    name: 'queue "q": retry.maxDelayMs',
    min: 1,
    max: MAX_DURATION_MS,
    place: (v) => ({ queues: { q: { retry: { kind: 'exponential', initialDelayMs: 1, maxDelayMs: v, maxAttempts: 2 } } } }),
  },
  { name: 'AtomizerServer: scheduler.pollIntervalMs', min: 10, max: 3_600_000, place: (v) => ({ scheduler: { pollIntervalMs: v, misfireThresholdMs: 86_400_000 } }) },
  { name: 'AtomizerServer: scheduler.leadTimeMs', min: 0, max: 3_600_000, place: (v) => ({ scheduler: { leadTimeMs: v } }) },
  { name: 'AtomizerServer: scheduler.visibilityTimeoutMs', min: 1_000, max: 3_600_000, place: (v) => ({ scheduler: { visibilityTimeoutMs: v } }) },
  {
    name: 'AtomizerServer: scheduler.misfireThresholdMs',
    min: 1_000,
    max: 86_400_000,
    place: (v) => ({ scheduler: { pollIntervalMs: 10, misfireThresholdMs: v } }),
  },
];

function build(extra: Options): AtomizerServer {
  return new AtomizerServer({ storage: new InMemoryStorage(), jobs: [job], logger: silentLogger, ...extra } as AtomizerServerOptions);
}

/** The error `create` throws, or undefined. */
function thrownBy(create: () => unknown): unknown {
  try {
    create();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('[memory] adversarial: every integer server option at and beyond its limits', () => {
  const cases = INTEGER_OPTIONS.flatMap((option) => [
    [`${option.name} = min (${option.min})`, option, option.min, 'accepted'],
    [`${option.name} = max (${option.max})`, option, option.max, 'accepted'],
    [`${option.name} = min - 1`, option, option.min - 1, 'refused'],
    [`${option.name} = max + 1`, option, option.max + 1, 'refused'],
    [`${option.name} = min + 0.5`, option, option.min + 0.5, 'refused'],
    [`${option.name} = NaN`, option, Number.NaN, 'refused'],
    [`${option.name} = Infinity`, option, Number.POSITIVE_INFINITY, 'refused'],
    [`${option.name} = "${option.min}" (a string)`, option, String(option.min), 'refused'],
    [`${option.name} = null`, option, null, 'refused'],
  ] as const);

  it.each(cases)('%s is %s', (_label, option, value, verdict) => {
    const error = thrownBy(() => build(option.place(value)));

    if (verdict === 'accepted') {
      expect(error).toBeUndefined();
      return;
    }
    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toContain(`${option.name} must be`);
    expect((error as ConfigInvalidError).received).toBe(value);
  });
});

describe('[memory] adversarial: unknown keys and wrong shapes are named, at every level', () => {
  it.each([
    ['a server option', { concurrency: 4 }, 'AtomizerServer: concurrency is not a known option, got 4'],
    ['a queue option', { queues: { q: { concurrency: 4 } } }, 'AtomizerServer queue "q": concurrency is not a known option, got 4'],
    ['a retry option', { queues: { q: { retry: { kind: 'fixed', delayMs: 1, maxAttempts: 2, backoff: 2 } } } }, 'retry.backoff is not a known option, got 2'],
    ['a scheduler option', { scheduler: { interval: 5 } }, 'scheduler.interval is not a known option, got 5'],
    ['a retry kind', { queues: { q: { retry: { kind: 'linear' } } } }, 'retry.kind must be "fixed", "intervals" or "exponential", got "linear"'],
    ['queues as an array', { queues: [] }, 'queues must be an object of queue options by queue name, got []'],
    ['a queue as null', { queues: { q: null } }, 'must be an object, got null'],
    ['instanceId with the delimiter', { instanceId: 'a:*:b' }, 'instanceId must be 1-128 characters without ":*:" or NUL characters, got "a:*:b"'],
  ])('%s', (_label, extra, message) => {
    const error = thrownBy(() => build(extra));

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toContain(message);
  });

  it.each([
    [1, 'accepted'],
    [268_435_456, 'accepted'],
    [0, 'refused'],
    [268_435_457, 'refused'],
    [1.5, 'refused'],
    ['1024', 'refused'],
  ] as const)('client maxPayloadBytes = %s is %s', (value, verdict) => {
    const error = thrownBy(
      () => new AtomizerClient({ storage: new InMemoryStorage(), jobs: [job], logger: silentLogger, maxPayloadBytes: value as number }),
    );

    if (verdict === 'accepted') {
      expect(error).toBeUndefined();
      return;
    }
    expect((error as Error).message).toContain('AtomizerClient: maxPayloadBytes must be an integer between 1 and 268435456');
  });
});
