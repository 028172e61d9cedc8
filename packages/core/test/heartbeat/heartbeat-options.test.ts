import { describe, expect, it } from 'vitest';

import { AtomizerServer, ConfigInvalidError, InMemoryStorage, type AtomizerServerOptions } from '../../src/index.js';
import {
  defaultInstanceId,
  ID_DELIMITER,
  INSTANCE_ID_MAX_LENGTH,
  resolveServerOptions,
} from '../../src/options/server-options.js';
import { newLeaseToken, newServerIdentity } from '../../src/server/server-identity.js';
import { noopJob, silentLogger } from './support.js';

function options(overrides: Record<string, unknown> = {}): AtomizerServerOptions {
  return { storage: new InMemoryStorage(), jobs: [noopJob], logger: silentLogger, ...overrides } as AtomizerServerOptions;
}

function configErrorOf(make: () => unknown): ConfigInvalidError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigInvalidError);
    return error as ConfigInvalidError;
  }
  throw new TypeError('expected the call to throw');
}

describe('heartbeat options', () => {
  it('defaults to a 30 s heartbeat, a 3 min stale timeout and a sweep at the heartbeat cadence', () => {
    const resolved = resolveServerOptions(options());

    expect(resolved).toMatchObject({
      heartbeatIntervalMs: 30_000,
      staleServerTimeoutMs: 180_000,
      staleSweepIntervalMs: 30_000,
    });
  });

  it('defaults the sweep interval to the heartbeat interval that was set', () => {
    const resolved = resolveServerOptions(options({ heartbeatIntervalMs: 5_000 }));

    expect(resolved.staleSweepIntervalMs).toBe(5_000);
    expect(resolved.staleServerTimeoutMs).toBe(180_000);
  });

  it('raises the default stale timeout to six heartbeats when the heartbeat is slow', () => {
    const resolved = resolveServerOptions(options({ heartbeatIntervalMs: 60_000 }));

    expect(resolved.staleServerTimeoutMs).toBe(360_000);
  });

  it('accepts a stale timeout of exactly six heartbeats and any sweep interval', () => {
    const resolved = resolveServerOptions(
      options({ heartbeatIntervalMs: 100, staleServerTimeoutMs: 600, staleSweepIntervalMs: 3_600_000 }),
    );

    expect(resolved).toMatchObject({ heartbeatIntervalMs: 100, staleServerTimeoutMs: 600, staleSweepIntervalMs: 3_600_000 });
  });

  it.each([
    [{ heartbeatIntervalMs: 9 }, 'heartbeatIntervalMs must be an integer between 10 and 3600000, got 9'],
    [{ heartbeatIntervalMs: 1.5 }, 'heartbeatIntervalMs must be an integer between 10 and 3600000, got 1.5'],
    [{ heartbeatIntervalMs: '30000' }, 'heartbeatIntervalMs must be an integer between 10 and 3600000, got "30000"'],
    [{ heartbeatIntervalMs: 3_600_001 }, 'heartbeatIntervalMs must be an integer between 10 and 3600000, got 3600001'],
    [{ staleServerTimeoutMs: 59 }, 'staleServerTimeoutMs must be an integer between 60 and 86400000, got 59'],
    [{ staleServerTimeoutMs: 86_400_001 }, 'staleServerTimeoutMs must be an integer between 60 and 86400000, got 86400001'],
    [{ staleSweepIntervalMs: 0 }, 'staleSweepIntervalMs must be an integer between 1 and 3600000, got 0'],
    [{ staleSweepIntervalMs: -5 }, 'staleSweepIntervalMs must be an integer between 1 and 3600000, got -5'],
    [{ staleSweepIntervalMs: Number.NaN }, 'staleSweepIntervalMs must be an integer between 1 and 3600000, got NaN'],
    [{ heartbeatIntervalMs: Number.POSITIVE_INFINITY }, 'heartbeatIntervalMs must be an integer between 10 and 3600000, got Infinity'],
  ])('rejects %j naming the option, the rule and the value', (override, message) => {
    const error = configErrorOf(() => new AtomizerServer(options(override)));

    expect(error.message).toBe(`AtomizerServer: ${message}`);
  });

  it.each([
    [{ staleServerTimeoutMs: 179_999 }, 30_000, 179_999],
    [{ heartbeatIntervalMs: 1_000, staleServerTimeoutMs: 5_999 }, 1_000, 5_999],
    [{ heartbeatIntervalMs: 60_000, staleServerTimeoutMs: 180_000 }, 60_000, 180_000],
  ])('rejects a stale timeout under six heartbeats (%j), naming both values', (override, heartbeat, timeout) => {
    const error = configErrorOf(() => new AtomizerServer(options(override)));

    expect(error.option).toBe('staleServerTimeoutMs');
    expect(error.received).toBe(timeout);
    expect(error.message).toBe(
      `AtomizerServer: staleServerTimeoutMs must be at least 6 × heartbeatIntervalMs ` +
        `(6 × ${heartbeat} = ${6 * heartbeat}), so a live server can miss a few beats, got ${timeout}`,
    );
  });
});

describe('server identity', () => {
  it.each([
    ['', '""'],
    ['a:*:b', '"a:*:b"'],
    [':*:', '":*:"'],
    ['x'.repeat(INSTANCE_ID_MAX_LENGTH + 1), `"${'x'.repeat(INSTANCE_ID_MAX_LENGTH + 1)}"`],
    [42, '42'],
  ])('rejects the instance id %j at construction, naming it', (instanceId, shown) => {
    const error = configErrorOf(() => new AtomizerServer(options({ instanceId })));

    expect(error.option).toBe('instanceId');
    expect(error.received).toBe(instanceId);
    expect(error.message).toContain('instanceId must be 1-128 characters without ":*:"');
    expect(error.message).toContain(`got ${shown.length > 120 ? shown.slice(0, 117) : shown}`);
  });

  it('accepts an instance id of the longest allowed length', () => {
    const instanceId = 'é'.repeat(INSTANCE_ID_MAX_LENGTH);

    const resolved = resolveServerOptions(options({ instanceId }));

    expect(resolved.instanceId).toBe(instanceId);
  });

  it('builds the default instance id from host name, pid and a random part', () => {
    const first = defaultInstanceId('worker-7', 1234);
    const second = defaultInstanceId('worker-7', 1234);

    expect(first).toMatch(/^worker-7-1234-[0-9a-f]{6}$/);
    expect(second).toMatch(/^worker-7-1234-[0-9a-f]{6}$/);
    expect(first).not.toBe(second);
  });

  it('keeps a default instance id valid whatever the host name', () => {
    const long = defaultInstanceId('h'.repeat(300), 99_999, 'abcdef');
    const delimited = defaultInstanceId(`a${ID_DELIMITER}b`, 1, 'abcdef');
    const empty = defaultInstanceId('', 1, 'abcdef');

    expect(long).toHaveLength(INSTANCE_ID_MAX_LENGTH);
    expect(long.endsWith('-99999-abcdef')).toBe(true);
    expect(delimited).toBe('a_b-1-abcdef');
    expect(empty).toBe('host-1-abcdef');
    for (const id of [long, delimited, empty]) {
      expect(() => resolveServerOptions(options({ instanceId: id }))).not.toThrow();
    }
  });

  it('gives each incarnation of one instance id a new server id', () => {
    const first = newServerIdentity('fixed');
    const restarted = newServerIdentity('fixed');

    expect(first.serverId).toMatch(/^fixed:\*:[0-9a-f]{12}$/);
    expect(restarted.serverId).toMatch(/^fixed:\*:[0-9a-f]{12}$/);
    expect(restarted.serverId).not.toBe(first.serverId);
  });

  it('makes lease tokens that trace back to the server and its instance', () => {
    const identity = newServerIdentity('worker-a');

    const token = newLeaseToken(identity.serverId);
    const other = newLeaseToken(identity.serverId);

    expect(token.startsWith(`${identity.serverId}${ID_DELIMITER}`)).toBe(true);
    expect(token.split(ID_DELIMITER)).toHaveLength(3);
    expect(token.split(ID_DELIMITER)[0]).toBe('worker-a');
    expect(other).not.toBe(token);
  });
});
