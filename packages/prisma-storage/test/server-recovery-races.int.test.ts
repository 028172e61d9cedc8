import { randomBytes, randomUUID } from 'node:crypto';

import type { JobStorage, RecoveredServer, ServerInfo } from '@atomizer/core';
import { waitFor } from '@atomizer/core/testing';
import { expect, it } from 'vitest';

import { describeDatabase } from './support/describe-database.js';
import type { TestPrismaClient } from './support/test-database.js';
import { TEST_PROVIDERS } from './support/test-env.js';

/** Small enough that a server turns stale within a few sweeps. */
const STALE_AFTER_MS = 50;

function serverIdFor(instanceId: string): string {
  return `${instanceId}:*:${randomBytes(6).toString('hex')}`;
}

function infoOf(serverId: string): ServerInfo {
  return {
    serverId,
    instanceId: serverId.split(':*:')[0]!,
    host: 'race-host',
    pid: 7,
    startedAt: new Date(),
    queues: ['mail', 'files'],
  };
}

/** Inserts `count` jobs in `queue` and leases them to `serverId`; returns their ids. */
async function leaseTo(storage: JobStorage, serverId: string, queue: string, count: number): Promise<string[]> {
  const now = new Date();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = randomUUID();
    await storage.jobInsert({
      id,
      name: 'race',
      queue,
      payload: '{}',
      runAt: now,
      maxAttempts: 3,
      idempotencyKey: null,
      scheduleKey: null,
      now,
    });
    ids.push(id);
  }
  const leased = await storage.jobLease({
    queue,
    limit: count,
    now,
    leaseToken: `${serverId}:*:${randomUUID()}`,
    leaseOwner: serverId,
    leaseExpiresAt: new Date(now.getTime() + 3_600_000),
  });
  expect(leased).toHaveLength(count);
  return ids;
}

/**
 * The client with a hook after every `atomizerServer.findMany`: the moment a sweep has found its
 * stale servers and has not claimed any yet.
 */
function withHookAfterFind(
  client: TestPrismaClient,
  afterFind: (rows: Array<{ serverId: string }>) => Promise<void>,
): TestPrismaClient {
  const extendable = client as unknown as { $extends(extension: unknown): TestPrismaClient };
  return extendable.$extends({
    query: {
      atomizerServer: {
        async findMany({ args, query }: { args: unknown; query: (args: unknown) => Promise<Array<{ serverId: string }>> }) {
          const rows = await query(args);
          await afterFind(rows);
          return rows;
        },
      },
    },
  });
}

for (const provider of TEST_PROVIDERS) {
  describeDatabase(provider, 'stale-server recovery races', (database) => {
    it('a server that beats between the sweep finding it and claiming it keeps its row and its jobs', async () => {
      await database().truncate();
      const plain = database().storage;
      const victim = serverIdFor('revived');
      await plain.serverHeartbeat(infoOf(victim));
      const ids = await leaseTo(plain, victim, 'mail', 3);
      let revivedInGap = false;
      const hooked = database().storageFor(
        withHookAfterFind(database().prisma, async (rows) => {
          if (revivedInGap || !rows.some((row) => row.serverId === victim)) return;
          // Found stale, not claimed yet: the victim beats right now, on another path.
          await plain.serverHeartbeat(infoOf(victim));
          revivedInGap = true;
        }),
      );

      const recovered = await waitFor(
        async () => {
          const result = await hooked.serverRecoverStale({ staleAfterMs: STALE_AFTER_MS, exceptServerId: 'sweeper' });
          return revivedInGap ? result : undefined;
        },
        { description: 'a sweep that found the victim stale' },
      );

      expect(recovered).toEqual([]);
      expect((await plain.serverList()).map((server) => server.serverId)).toEqual([victim]);
      const jobs = await Promise.all(ids.map((id) => plain.jobGet({ id })));
      expect(jobs.map((job) => [job?.status, job?.leaseOwner])).toEqual(ids.map(() => ['processing', victim]));
    });

    it('many sweepers on their own connections claim each dead server once and release each job once', async () => {
      await database().truncate();
      const sweepers = await Promise.all([0, 1, 2, 3].map(async () => database().storageFor(await database().openClient())));
      const dead = Array.from({ length: 6 }, (_, index) => serverIdFor(`dead-${index}`));
      for (const serverId of dead) {
        await database().storage.serverHeartbeat(infoOf(serverId));
        await leaseTo(database().storage, serverId, 'mail', 2);
        await leaseTo(database().storage, serverId, 'files', 1);
      }
      const claims: RecoveredServer[] = [];

      await waitFor(
        async () => {
          const rounds = await Promise.all(
            sweepers.map((sweeper, index) =>
              sweeper.serverRecoverStale({ staleAfterMs: STALE_AFTER_MS, exceptServerId: `sweeper-${index}` }),
            ),
          );
          claims.push(...rounds.flat());
          return claims.length >= dead.length;
        },
        { description: 'every dead server claimed', timeoutMs: 20_000 },
      );

      expect(claims.map((claim) => claim.serverId).sort()).toEqual([...dead].sort());
      expect(claims.every((claim) => claim.releasedJobs === 3)).toBe(true);
      expect(await database().storage.jobCount({})).toMatchObject({ pending: 18, processing: 0 });
      expect(await database().storage.serverList()).toEqual([]);
    });
  });
}
