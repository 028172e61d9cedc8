import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { InMemoryStorage, type JobStorage, type ServerInfo } from '../../src/index.js';
import { ServerHeartbeat, type ServerHeartbeatParams } from '../../src/server/heartbeat/server-heartbeat.js';
import { capturingLogger, Gate, interceptedStorage, silentLogger, type Interceptor } from './support.js';

const passThrough: Interceptor = (_method, _args, call) => call();

function infoOf(serverId: string): ServerInfo {
  return {
    serverId,
    instanceId: serverId.split(':*:')[0]!,
    host: 'test-host',
    pid: 1,
    startedAt: new Date(),
    queues: ['default'],
  };
}

function heartbeatOf(storage: JobStorage, overrides: Partial<ServerHeartbeatParams> = {}): ServerHeartbeat {
  return new ServerHeartbeat({
    storage,
    info: infoOf('self:*:000000000001'),
    heartbeatIntervalMs: 100,
    staleServerTimeoutMs: 600,
    staleSweepIntervalMs: 100,
    logger: silentLogger,
    ...overrides,
  });
}

describe('[memory] server heartbeat loops', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats and sweeps each on its own cadence', async () => {
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), passThrough);
    const heartbeat = heartbeatOf(storage, { heartbeatIntervalMs: 100, staleSweepIntervalMs: 1_000 });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(2_050);
    await heartbeat.stop();

    // The first beat at start, then one every 100 ms; the first sweep at start, then one a second.
    expect(calls.get('serverHeartbeat')).toBe(21);
    expect(calls.get('serverRecoverStale')).toBe(3);
  });

  it('keeps beating on time while a sweep hangs', async () => {
    const sweepHeld = new Gate();
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), async (method, _args, call) => {
      if (method === 'serverRecoverStale') await sweepHeld.opened;
      return call();
    });
    const heartbeat = heartbeatOf(storage, { heartbeatIntervalMs: 100, staleSweepIntervalMs: 100 });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(1_050);
    const beatsWhileSweepHung = calls.get('serverHeartbeat');
    const sweepsWhileHung = calls.get('serverRecoverStale');
    sweepHeld.open();
    await heartbeat.stop();

    expect(beatsWhileSweepHung).toBe(11);
    expect(sweepsWhileHung).toBe(1);
  });

  it('keeps sweeping on time while a beat hangs', async () => {
    const beatHeld = new Gate();
    let beats = 0;
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), async (method, _args, call) => {
      if (method === 'serverHeartbeat' && ++beats > 1) await beatHeld.opened;
      return call();
    });
    const heartbeat = heartbeatOf(storage, { heartbeatIntervalMs: 100, staleSweepIntervalMs: 50 });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(1_020);
    const sweeps = calls.get('serverRecoverStale');
    beatHeld.open();
    await heartbeat.stop();

    expect(sweeps).toBe(21);
  });

  it('logs a failed beat and goes on beating', async () => {
    const { logger, lines } = capturingLogger();
    let beats = 0;
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), async (method, _args, call) => {
      if (method === 'serverHeartbeat' && ++beats === 3) throw new TypeError('connection reset');
      return call();
    });
    const heartbeat = heartbeatOf(storage, { logger });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(550);
    await heartbeat.stop();

    expect(calls.get('serverHeartbeat')).toBe(6);
    const failures = lines.filter((line) => line.level === 50 && line.task === 'heartbeat');
    expect(failures).toHaveLength(1);
    expect((failures[0]!.err as { message: string }).message).toBe('connection reset');
  });

  it('logs a failed sweep and goes on sweeping', async () => {
    const { logger, lines } = capturingLogger();
    let sweeps = 0;
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), async (method, _args, call) => {
      if (method === 'serverRecoverStale' && ++sweeps <= 2) throw new TypeError('deadlock detected');
      return call();
    });
    const heartbeat = heartbeatOf(storage, { logger, staleSweepIntervalMs: 100 });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(550);
    await heartbeat.stop();

    expect(calls.get('serverRecoverStale')).toBe(6);
    expect(lines.filter((line) => line.level === 50 && line.task === 'stale-server sweep')).toHaveLength(2);
  });

  it('removes the row only after a beat under way at stop has ended', async () => {
    const beatHeld = new Gate();
    const order: string[] = [];
    let beats = 0;
    const memory = new InMemoryStorage();
    const { storage } = interceptedStorage(memory, async (method, _args, call) => {
      if (method === 'serverHeartbeat') {
        beats += 1;
        if (beats === 2) {
          order.push('held beat started');
          await beatHeld.opened;
          const result = await call();
          order.push('held beat written');
          return result;
        }
      }
      if (method === 'serverRemove') order.push('row removed');
      return call();
    });
    const heartbeat = heartbeatOf(storage, { heartbeatIntervalMs: 100 });
    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(100);

    const stopping = heartbeat.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    beatHeld.open();
    await stopping;
    await vi.advanceTimersByTimeAsync(1_000);

    expect(order).toEqual(['held beat started', 'held beat written', 'row removed']);
    expect(beats).toBe(2);
    expect(await memory.serverList()).toEqual([]);
  });

  it('warns and registers again when its row was removed by a peer', async () => {
    const { logger, lines } = capturingLogger();
    const memory = new InMemoryStorage();
    const heartbeat = heartbeatOf(memory, { logger });
    await heartbeat.start();

    await memory.serverRemove({ serverId: 'self:*:000000000001' });
    await vi.advanceTimersByTimeAsync(100);
    await heartbeat.stop();

    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('heartbeat row was missing');
    expect(warnings[0]).toMatchObject({ staleServerTimeoutMs: 600 });
  });

  it('logs one line per recovered server with the number of jobs released', async () => {
    const { logger, lines } = capturingLogger();
    const clock = { now: () => new Date() };
    const memory = new InMemoryStorage({ clock });
    await memory.serverHeartbeat(infoOf('dead-a:*:00000000000a'));
    await memory.serverHeartbeat(infoOf('dead-b:*:00000000000b'));
    for (const [owner, count] of [['dead-a:*:00000000000a', 3], ['dead-b:*:00000000000b', 0]] as const) {
      for (let index = 0; index < count; index += 1) {
        await memory.jobInsert({
          id: `${owner}-${index}`,
          name: 'noop',
          queue: `queue-${index}`,
          payload: '{}',
          runAt: new Date(),
          maxAttempts: 3,
          idempotencyKey: null,
          scheduleKey: null,
          now: new Date(),
        });
        await memory.jobLease({
          queue: `queue-${index}`,
          limit: 1,
          now: new Date(),
          leaseToken: `${owner}:*:token-${index}`,
          leaseOwner: owner,
          leaseExpiresAt: new Date(Date.now() + 3_600_000),
        });
      }
    }
    await vi.advanceTimersByTimeAsync(601);
    const heartbeat = heartbeatOf(memory, { logger });

    await heartbeat.start();
    await vi.advanceTimersByTimeAsync(0);
    await heartbeat.stop();

    const recovered = lines.filter((line) => line.level === 30 && typeof line.deadServerId === 'string');
    expect(recovered.map((line) => [line.deadServerId, line.releasedJobs])).toEqual([
      ['dead-a:*:00000000000a', 3],
      ['dead-b:*:00000000000b', 0],
    ]);
    expect(recovered[0]!.msg).toBe(
      'recovered dead server dead-a:*:00000000000a: no heartbeat for over 600 ms, released 3 jobs',
    );
    expect(await memory.jobCount({})).toMatchObject({ pending: 3, processing: 0 });
  });

  it('fails start when the first beat cannot be written, and runs no loop', async () => {
    const { storage, calls } = interceptedStorage(new InMemoryStorage(), async (method, _args, call) => {
      if (method === 'serverHeartbeat') throw new TypeError('database is down');
      return call();
    });
    const heartbeat = heartbeatOf(storage);

    const started = heartbeat.start();

    await expect(started).rejects.toThrow('database is down');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.get('serverHeartbeat')).toBe(1);
    expect(calls.get('serverRecoverStale')).toBeUndefined();
  });
});
