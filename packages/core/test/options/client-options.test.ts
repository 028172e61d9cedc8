import { describe, expect, it } from 'vitest';

import { AtomizerClient, ConfigInvalidError, InMemoryStorage, type AtomizerClientOptions } from '../../src/index.js';
import { noopJob, silentLogger } from '../helpers.js';

function construct(overrides: Record<string, unknown>): unknown {
  try {
    return new AtomizerClient({
      storage: new InMemoryStorage(),
      jobs: [noopJob],
      logger: silentLogger,
      ...overrides,
    } as AtomizerClientOptions);
  } catch (error) {
    return error;
  }
}

describe('AtomizerClient options', () => {
  it.each([
    [{ maxPayloadBytes: 0 }, 'AtomizerClient: maxPayloadBytes must be an integer between 1 and 268435456, got 0'],
    [{ maxPayloadBytes: 300_000_000 }, 'AtomizerClient: maxPayloadBytes must be an integer between 1 and 268435456, got 300000000'],
    [{ jobs: undefined }, 'AtomizerClient: jobs must be an array of job definitions made by defineJob, got undefined'],
    [{ logger: { info() {} } }, 'AtomizerClient: logger must be a pino-compatible logger (debug, info, warn, error, child), got {}'],
    [{ retries: 1 }, 'AtomizerClient: retries is not a known option, got 1'],
  ])('rejects %j', (overrides, message) => {
    const error = construct(overrides);

    expect(error).toBeInstanceOf(ConfigInvalidError);
    expect((error as Error).message).toBe(message);
  });

  it('rejects options that are not an object', () => {
    const error = (() => {
      try {
        return new AtomizerClient(42 as unknown as AtomizerClientOptions);
      } catch (caught) {
        return caught;
      }
    })();

    expect((error as Error).message).toBe('AtomizerClient: must be an object, got 42');
  });
});
