import { AtomizerServer, defineJob, type Clock, type JobStorage, type Logger } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';

import { describeDatabase } from './support/describe-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

const HOUR_MS = 3_600_000;

const job = defineJob({ name: 'skew', schema: z.object({}), handler: () => undefined });

/** A host whose clock is `offsetMs` off. */
function skewedClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}

/** Records what a server logs at info and above, and counts its sweeps. */
function observed(storage: JobStorage): { storage: JobStorage; sweeps: () => number; lines: string[]; logger: Logger } {
  let sweeps = 0;
  const lines: string[] = [];
  const proxy = new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (property === 'serverRecoverStale') sweeps += 1;
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const record = (fields: unknown, message?: string): void => {
    lines.push(typeof fields === 'string' ? fields : `${message ?? ''} ${JSON.stringify(fields)}`);
  };
  const logger: Logger = {
    debug: () => undefined,
    info: record,
    warn: record,
    error: record,
    child: () => logger,
  };
  return { storage: proxy, sweeps: () => sweeps, lines, logger };
}

const servers: AtomizerServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

for (const provider of TEST_PROVIDERS) {
  describeDatabase(provider, 'heartbeats and host clocks', (database) => {
    it('servers whose host clocks are hours apart never declare each other dead, and still recover a dead one', async () => {
      await database().truncate();
      const ahead = observed(database().storage);
      const behind = observed(database().storage);
      // Hours of skew against a timeout of seconds: a stamp or a cutoff from a host clock would
      // make one of the two look dead at the first sweep.
      const timing = { heartbeatIntervalMs: 100, staleServerTimeoutMs: 2_000, staleSweepIntervalMs: 100 };
      const make = (side: ReturnType<typeof observed>, offsetMs: number, instanceId: string) => {
        const server = new AtomizerServer({ storage: side.storage, jobs: [job], logger: side.logger, clock: skewedClock(offsetMs), instanceId, ...timing });
        servers.push(server);
        return server;
      };
      const aheadServer = make(ahead, 2 * HOUR_MS, 'clock-ahead');
      const behindServer = make(behind, -2 * HOUR_MS, 'clock-behind');
      await aheadServer.start();
      await behindServer.start();

      await waitFor(() => ahead.sweeps() >= 10 && behind.sweeps() >= 10, { description: '10 sweeps each', timeoutMs: 20_000 });
      const rowsWhileBothBeat = (await database().storage.serverList()).map((row) => row.serverId).sort();
      const falseRecoveries = [...ahead.lines, ...behind.lines].filter((line) => line.startsWith('recovered dead server'));
      const aheadId = aheadServer.getServerId()!;
      // The server ahead dies without a word: its beats stop and its row stays.
      servers.splice(servers.indexOf(aheadServer), 1);
      await stopWithoutRemovingRow(aheadServer, database().storage, aheadId);

      await waitFor(() => behind.lines.some((line) => line.startsWith(`recovered dead server ${aheadId}`)), {
        description: 'the server behind recovers the dead one',
        timeoutMs: 20_000,
      });

      expect(rowsWhileBothBeat).toEqual([aheadId, behindServer.getServerId()!].sort());
      expect(falseRecoveries).toEqual([]);
      expect((await database().storage.serverList()).map((row) => row.serverId)).toEqual([behindServer.getServerId()]);
    });
  });
}

/** Stops `server` and puts its last row back, as if the process had died without cleaning up. */
async function stopWithoutRemovingRow(server: AtomizerServer, storage: JobStorage, serverId: string): Promise<void> {
  const [row] = (await storage.serverList()).filter((candidate) => candidate.serverId === serverId);
  await server.stop();
  await storage.serverHeartbeat({ ...row!, queues: row!.queues });
}
