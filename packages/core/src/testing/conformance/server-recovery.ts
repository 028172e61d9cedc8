import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import type { JobStorage, RecoveredServer } from '../../storage/storage-contract.js';
import { waitFor } from '../wait-for.js';
import {
  at,
  insertJobs,
  leaseParams,
  recoverUntil,
  serverIdFor,
  serverInfo,
  type ConformanceContext,
} from './fixtures.js';

/** Small enough that a server turns stale within a few polls. */
const STALE_AFTER_MS = 50;

/** Inserts `count` jobs in `queue` and leases them to `serverId`; returns their ids. */
async function leaseTo(
  storage: JobStorage,
  now: Date,
  serverId: string,
  queue: string,
  count: number,
): Promise<string[]> {
  const ids = await insertJobs(storage, now, count, { queue });
  const leased = await storage.jobLease(
    leaseParams(now, {
      queue,
      limit: count,
      leaseOwner: serverId,
      leaseToken: `${serverId}:*:${randomUUID()}`,
    }),
  );
  expect(leased.map((job) => job.id).sort()).toEqual([...ids].sort());
  return ids;
}

async function statusesOf(storage: JobStorage, ids: string[]): Promise<string[]> {
  const jobs = await Promise.all(ids.map((id) => storage.jobGet({ id })));
  return jobs.map((job) => job?.status ?? 'missing');
}

/** serverRecoverStale: staleness on the storage's clock, exactness of ownership, races. */
export function describeServerRecovery(ctx: ConformanceContext): void {
  it('serverRecoverStale removes a stale server and releases its jobs in every queue', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const stale = serverIdFor('stale');
    await storage.serverHeartbeat(serverInfo(stale, ['mail', 'files']));
    const mailIds = await leaseTo(storage, now, stale, 'mail', 2);
    const fileIds = await leaseTo(storage, now, stale, 'files', 1);
    // A job held by an owner without a heartbeat row is not this sweep's business.
    const orphanIds = await leaseTo(storage, now, 'orphan:*:000000000000', 'mail', 1);

    const recovered = await recoverUntil(
      storage,
      { staleAfterMs: STALE_AFTER_MS, exceptServerId: serverIdFor('sweeper') },
      stale,
    );

    expect(recovered).toEqual([{ serverId: stale, releasedJobs: 3 }]);
    expect(await storage.serverList()).toEqual([]);
    for (const id of [...mailIds, ...fileIds]) {
      const job = await storage.jobGet({ id });
      expect(job).toMatchObject({ status: 'pending', leaseToken: null, leaseOwner: null, attempts: 1 });
      expect(job?.availableAt).toBeInstanceOf(Date);
    }
    expect(await statusesOf(storage, orphanIds)).toEqual(['processing']);
    const far = at(new Date(), 3_600_000);
    const again = await storage.jobLease(leaseParams(far, { queue: 'mail' }));
    expect(again.map((job) => job.id)).toEqual(expect.arrayContaining(mailIds));
    expect(await storage.serverHeartbeat(serverInfo(stale))).toEqual({ registered: true });
  });

  it('serverRecoverStale leaves a server with a recent heartbeat and its jobs alone', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const fresh = serverIdFor('fresh');
    await storage.serverHeartbeat(serverInfo(fresh));
    const ids = await leaseTo(storage, now, fresh, 'default', 2);

    const recovered = await storage.serverRecoverStale({
      staleAfterMs: 600_000,
      exceptServerId: serverIdFor('sweeper'),
    });

    expect(recovered).toEqual([]);
    expect((await storage.serverList()).map((server) => server.serverId)).toEqual([fresh]);
    expect(await statusesOf(storage, ids)).toEqual(['processing', 'processing']);
  });

  it('serverRecoverStale never recovers the excepted server, however stale', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const self = serverIdFor('self');
    const other = serverIdFor('other');
    // `self` beats first, so once `other` is stale, `self` is stale too.
    await storage.serverHeartbeat(serverInfo(self));
    await storage.serverHeartbeat(serverInfo(other));
    const selfIds = await leaseTo(storage, now, self, 'default', 2);
    await leaseTo(storage, now, other, 'default', 1);

    const recovered = await recoverUntil(
      storage,
      { staleAfterMs: STALE_AFTER_MS, exceptServerId: self },
      other,
    );

    expect(recovered).toEqual([{ serverId: other, releasedJobs: 1 }]);
    expect((await storage.serverList()).map((server) => server.serverId)).toEqual([self]);
    expect(await statusesOf(storage, selfIds)).toEqual(['processing', 'processing']);
  });

  it('two concurrent recoveries of one stale server release its jobs once in total', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const stale = serverIdFor('raced');
    await storage.serverHeartbeat(serverInfo(stale));
    await leaseTo(storage, now, stale, 'default', 6);
    await leaseTo(storage, now, stale, 'mail', 4);

    const claims = await waitFor(
      async () => {
        const results = await Promise.all([
          storage.serverRecoverStale({ staleAfterMs: STALE_AFTER_MS, exceptServerId: 'sweeper-1' }),
          storage.serverRecoverStale({ staleAfterMs: STALE_AFTER_MS, exceptServerId: 'sweeper-2' }),
        ]);
        const all: RecoveredServer[] = results.flat();
        return all.length > 0 ? all : undefined;
      },
      { description: `server ${stale} recovered as stale` },
    );

    expect(claims).toEqual([{ serverId: stale, releasedJobs: 10 }]);
    expect(await storage.jobCount({})).toMatchObject({ pending: 10, processing: 0 });
  });

  const lookAlikes: Array<[string, string]> = [
    ['a_b', 'axb'],
    ['axb', 'a_b'],
    ['a%b', 'ab'],
    ['ab', 'a%b'],
    ['a', 'ab'],
    ['ab', 'a'],
  ];
  it.each(lookAlikes)(
    'recovering server "%s" never touches the jobs of server "%s"',
    async (victim, bystander) => {
      const now = ctx.now();
      const storage = ctx.storage();
      // The bystander beats first, so it is stale too; only exceptServerId keeps its row.
      await storage.serverHeartbeat(serverInfo(bystander));
      await storage.serverHeartbeat(serverInfo(victim));
      const bystanderIds = await leaseTo(storage, now, bystander, 'default', 2);
      const victimIds = await leaseTo(storage, now, victim, 'other', 2);

      const recovered = await recoverUntil(
        storage,
        { staleAfterMs: STALE_AFTER_MS, exceptServerId: bystander },
        victim,
      );

      expect(recovered).toEqual([{ serverId: victim, releasedJobs: 2 }]);
      expect(await statusesOf(storage, victimIds)).toEqual(['pending', 'pending']);
      expect(await statusesOf(storage, bystanderIds)).toEqual(['processing', 'processing']);
      expect((await storage.serverList()).map((server) => server.serverId)).toEqual([bystander]);
    },
  );
}
