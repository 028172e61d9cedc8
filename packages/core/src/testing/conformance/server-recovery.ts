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

/**
 * For the revived-server case: long enough that a beat followed at once by a sweep is never
 * judged stale, even on a slow, busy database.
 */
const REVIVE_STALE_AFTER_MS = 750;

/** The longest instance id a server accepts (INSTANCE_ID_MAX_LENGTH), in two-byte characters. */
const LONGEST_INSTANCE_ID = 'ü'.repeat(128);

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

    expect(recovered).toEqual([{ serverId: stale, releasedJobs: 3, releasedSchedules: 0 }]);
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

    expect(recovered).toEqual([{ serverId: other, releasedJobs: 1, releasedSchedules: 0 }]);
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

    expect(claims).toEqual([{ serverId: stale, releasedJobs: 10, releasedSchedules: 0 }]);
    expect(await storage.jobCount({})).toMatchObject({ pending: 10, processing: 0 });
  });

  it('serverRecoverStale judges a server by its latest beat: one that beat again is left alone', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const revived = serverIdFor('revived');
    const probe = serverIdFor('probe');
    await storage.serverHeartbeat(serverInfo(revived));
    const ids = await leaseTo(storage, now, revived, 'default', 2);
    const [firstBeat] = await storage.serverList();

    // The probe's beats read the storage's clock; wait until the first beat is long stale on it.
    await waitFor(
      async () => {
        await storage.serverHeartbeat(serverInfo(probe));
        const probeRow = (await storage.serverList()).find((server) => server.serverId === probe);
        const sinceFirstBeat = probeRow!.lastHeartbeatAt.getTime() - firstBeat!.lastHeartbeatAt.getTime();
        return sinceFirstBeat > REVIVE_STALE_AFTER_MS;
      },
      { description: 'first beat stale on the storage clock' },
    );
    await storage.serverHeartbeat(serverInfo(revived));
    const recovered = await storage.serverRecoverStale({
      staleAfterMs: REVIVE_STALE_AFTER_MS,
      exceptServerId: probe,
    });

    expect(recovered).toEqual([]);
    expect(await statusesOf(storage, ids)).toEqual(['processing', 'processing']);
    expect((await storage.serverList()).map((server) => server.serverId).sort()).toEqual([probe, revived].sort());
  });

  it('serverRecoverStale frees a dead incarnation, never a live one with the same instance id', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    // A process restarted with a fixed instance id: same instance id, new server id.
    const dead = serverIdFor('fixed-instance');
    const live = serverIdFor('fixed-instance');
    await storage.serverHeartbeat(serverInfo(dead));
    await storage.serverHeartbeat(serverInfo(live));
    const deadIds = await leaseTo(storage, now, dead, 'default', 2);
    const liveIds = await leaseTo(storage, now, live, 'default', 2);

    const recovered = await recoverUntil(storage, { staleAfterMs: STALE_AFTER_MS, exceptServerId: live }, dead);

    expect(recovered).toEqual([{ serverId: dead, releasedJobs: 2, releasedSchedules: 0 }]);
    expect(await statusesOf(storage, deadIds)).toEqual(['pending', 'pending']);
    expect(await statusesOf(storage, liveIds)).toEqual(['processing', 'processing']);
  });

  it('a server id made from the longest instance id is stored, leased under and recovered exactly', async () => {
    const now = ctx.now();
    const storage = ctx.storage();
    const longest = serverIdFor(LONGEST_INSTANCE_ID);
    const sibling = serverIdFor(`${LONGEST_INSTANCE_ID.slice(1)}x`);
    await storage.serverHeartbeat(serverInfo(sibling));
    await storage.serverHeartbeat(serverInfo(longest));
    const ids = await leaseTo(storage, now, longest, 'default', 2);
    const siblingIds = await leaseTo(storage, now, sibling, 'other', 1);

    const leased = await storage.jobGet({ id: ids[0]! });
    const recovered = await recoverUntil(storage, { staleAfterMs: STALE_AFTER_MS, exceptServerId: sibling }, longest);

    expect(leased?.leaseOwner).toBe(longest);
    expect(leased?.leaseToken?.startsWith(`${longest}:*:`)).toBe(true);
    expect(recovered).toEqual([{ serverId: longest, releasedJobs: 2, releasedSchedules: 0 }]);
    expect(await statusesOf(storage, ids)).toEqual(['pending', 'pending']);
    expect(await statusesOf(storage, siblingIds)).toEqual(['processing']);
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

      expect(recovered).toEqual([{ serverId: victim, releasedJobs: 2, releasedSchedules: 0 }]);
      expect(await statusesOf(storage, victimIds)).toEqual(['pending', 'pending']);
      expect(await statusesOf(storage, bystanderIds)).toEqual(['processing', 'processing']);
      expect((await storage.serverList()).map((server) => server.serverId)).toEqual([bystander]);
    },
  );
}
