import { expect, it } from 'vitest';

import type { JobRecord } from '../../storage/storage-contract.js';
import {
  at,
  insertJobs,
  insertParams,
  leaseParams,
  orderedIds,
  type ConformanceContext,
} from './fixtures.js';

/** jobLease: due-ness, ordering, limits, queues, expiry takeover and concurrency. */
export function describeJobLease(ctx: ConformanceContext): void {
  it('jobLease returns the leased jobs as they are after the lease', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1, { maxAttempts: 4 });
    const leaseNow = at(now, 10);
    const lease = leaseParams(leaseNow, { leaseOwner: 'owner-1:*:aaaaaaaaaaaa' });

    const leased = await ctx.storage().jobLease(lease);
    const stored = await ctx.storage().jobGet({ id: id! });

    expect(leased).toHaveLength(1);
    expect(leased[0]).toMatchObject({
      id,
      status: 'processing',
      attempts: 1,
      maxAttempts: 4,
      leaseToken: lease.leaseToken,
      leaseOwner: 'owner-1:*:aaaaaaaaaaaa',
      availableAt: lease.leaseExpiresAt,
      runAt: now,
      updatedAt: leaseNow,
    });
    const { errors, ...storedRecord } = stored!;
    expect(errors).toEqual([]);
    expect(storedRecord).toEqual(leased[0]);
  });

  it('jobLease takes the oldest availableAt first and breaks ties by id', async () => {
    const now = ctx.now();
    const [a, b, c, d] = orderedIds(4) as [string, string, string, string];
    // Inserted out of order so that neither insertion order nor id order alone explains the result.
    await ctx.storage().jobInsert(insertParams(now, { id: c, runAt: at(now, -1_000) }));
    await ctx.storage().jobInsert(insertParams(now, { id: d, runAt: at(now, -3_000) }));
    await ctx.storage().jobInsert(insertParams(now, { id: b, runAt: at(now, -1_000) }));
    await ctx.storage().jobInsert(insertParams(now, { id: a, runAt: at(now, -500) }));

    const first = await ctx.storage().jobLease(leaseParams(now, { limit: 3 }));
    const second = await ctx.storage().jobLease(leaseParams(now, { limit: 3 }));

    expect(first.map((job) => job.id).sort()).toEqual([b, c, d].sort());
    expect(second.map((job) => job.id)).toEqual([a]);
  });

  it('jobLease picks, one at a time, availableAt order then id order', async () => {
    const now = ctx.now();
    const [a, b, c] = orderedIds(3) as [string, string, string];
    await ctx.storage().jobInsert(insertParams(now, { id: c, runAt: at(now, -2_000) }));
    await ctx.storage().jobInsert(insertParams(now, { id: b, runAt: at(now, -1_000) }));
    await ctx.storage().jobInsert(insertParams(now, { id: a, runAt: at(now, -1_000) }));

    const order: string[] = [];
    for (let call = 0; call < 3; call += 1) {
      const [job] = await ctx.storage().jobLease(leaseParams(now, { limit: 1 }));
      order.push(job!.id);
    }

    expect(order).toEqual([c, a, b]);
  });

  it('jobLease leases at most limit jobs', async () => {
    const now = ctx.now();
    await insertJobs(ctx.storage(), now, 5);

    const leased = await ctx.storage().jobLease(leaseParams(now, { limit: 2 }));

    expect(leased).toHaveLength(2);
    expect(await ctx.storage().jobCount({})).toMatchObject({ pending: 3, processing: 2 });
  });

  it('jobLease does not lease jobs before their runAt, and leases them once due', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1, { runAt: at(now, 60_000) });

    const early = await ctx.storage().jobLease(leaseParams(at(now, 59_999)));
    const due = await ctx.storage().jobLease(leaseParams(at(now, 60_000)));

    expect(early).toEqual([]);
    expect(due.map((job) => job.id)).toEqual([id]);
  });

  it('jobLease leases only from the requested queue', async () => {
    const now = ctx.now();
    const [mailId] = await insertJobs(ctx.storage(), now, 1, { queue: 'mail' });
    await insertJobs(ctx.storage(), now, 2, { queue: 'files' });

    const leased = await ctx.storage().jobLease(leaseParams(now, { queue: 'mail' }));

    expect(leased.map((job) => job.id)).toEqual([mailId]);
  });

  it('jobLease never leases a job whose lease is still valid, nor a completed or failed one', async () => {
    const now = ctx.now();
    const [done, dead, held] = await insertJobs(ctx.storage(), now, 3);
    const lease = leaseParams(now, { visibilityMs: 60_000 });
    await ctx.storage().jobLease(lease);
    await ctx.storage().jobComplete({ ids: [done!], leaseToken: lease.leaseToken, now });
    await ctx.storage().jobFail({
      id: dead!,
      leaseToken: lease.leaseToken,
      now,
      retryAt: null,
      error: { attempt: 1, errorType: 'Error', message: 'x', stack: null, serverId: null, occurredAt: now },
    });

    const leased = await ctx.storage().jobLease(leaseParams(at(now, 59_999)));

    expect(leased).toEqual([]);
    expect((await ctx.storage().jobGet({ id: held! }))?.leaseToken).toBe(lease.leaseToken);
  });

  it('a processing job whose lease expired is leased again with attempts incremented', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const first = leaseParams(now, { visibilityMs: 1_000, leaseOwner: 'first:*:000000000001' });
    await ctx.storage().jobLease(first);

    const second = leaseParams(at(now, 1_000), { leaseOwner: 'second:*:000000000002' });
    const leased = await ctx.storage().jobLease(second);

    expect(leased).toHaveLength(1);
    expect(leased[0]).toMatchObject({
      id,
      status: 'processing',
      attempts: 2,
      leaseToken: second.leaseToken,
      leaseOwner: 'second:*:000000000002',
      availableAt: second.leaseExpiresAt,
    });
  });

  it('concurrent jobLease calls never return the same job', async () => {
    const now = ctx.now();
    const total = 300;
    await insertJobs(ctx.storage(), now, total);
    const seen: JobRecord[] = [];

    // Eight pollers race until the queue is empty; each call uses its own lease token.
    await Promise.all(
      Array.from({ length: 8 }, async (_, poller) => {
        for (;;) {
          const leased = await ctx
            .storage()
            .jobLease(leaseParams(now, { limit: 7, leaseOwner: `poller-${poller}:*:000000000000` }));
          if (leased.length === 0) return;
          seen.push(...leased);
        }
      }),
    );

    const ids = seen.map((job) => job.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(seen.every((job) => job.attempts === 1)).toBe(true);
    expect(await ctx.storage().jobCount({})).toMatchObject({ pending: 0, processing: total });
  });
}
