import { expect, it } from 'vitest';

import { at, insertInLeaseOrder, insertJobs, leaseParams, type ConformanceContext } from './fixtures.js';

/** jobComplete, fenced by the lease token. */
export function describeJobComplete(ctx: ConformanceContext): void {
  it('jobComplete completes the jobs held under the token and returns how many', async () => {
    const now = ctx.now();
    const ids = await insertJobs(ctx.storage(), now, 3);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const doneAt = at(now, 250);

    const completed = await ctx
      .storage()
      .jobComplete({ ids: [ids[0]!, ids[1]!], leaseToken: lease.leaseToken, now: doneAt });

    expect(completed).toBe(2);
    expect(await ctx.storage().jobGet({ id: ids[0]! })).toMatchObject({
      status: 'completed',
      completedAt: doneAt,
      updatedAt: doneAt,
      availableAt: null,
      leaseToken: null,
      leaseOwner: null,
      attempts: 1,
      failedAt: null,
    });
    expect((await ctx.storage().jobGet({ id: ids[2]! }))?.status).toBe('processing');
  });

  it('jobComplete with a stale token changes nothing and returns 0', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const stale = leaseParams(now, { visibilityMs: 1_000 });
    await ctx.storage().jobLease(stale);
    const current = leaseParams(at(now, 2_000));
    await ctx.storage().jobLease(current);
    const before = await ctx.storage().jobGet({ id: id! });

    const completed = await ctx
      .storage()
      .jobComplete({ ids: [id!], leaseToken: stale.leaseToken, now: at(now, 3_000) });

    expect(completed).toBe(0);
    expect(await ctx.storage().jobGet({ id: id! })).toEqual(before);
  });

  it('jobComplete skips ids not held under the token and completes the rest', async () => {
    const now = ctx.now();
    const [mine, theirs, pending] = await insertInLeaseOrder(ctx.storage(), now, 3);
    const lease = leaseParams(now, { limit: 1 });
    await ctx.storage().jobLease(lease);
    const other = leaseParams(now, { limit: 1 });
    await ctx.storage().jobLease(other);

    const completed = await ctx
      .storage()
      .jobComplete({ ids: [mine!, theirs!, pending!], leaseToken: lease.leaseToken, now });

    expect(completed).toBe(1);
    expect((await ctx.storage().jobGet({ id: mine! }))?.status).toBe('completed');
    expect((await ctx.storage().jobGet({ id: theirs! }))?.leaseToken).toBe(other.leaseToken);
    expect((await ctx.storage().jobGet({ id: pending! }))?.status).toBe('pending');
  });

  it('jobComplete twice with the same token completes once', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);

    const first = await ctx.storage().jobComplete({ ids: [id!], leaseToken: lease.leaseToken, now });
    const second = await ctx
      .storage()
      .jobComplete({ ids: [id!], leaseToken: lease.leaseToken, now: at(now, 5) });

    expect([first, second]).toEqual([1, 0]);
    expect((await ctx.storage().jobGet({ id: id! }))?.completedAt).toEqual(now);
  });

  it('jobComplete with no ids returns 0', async () => {
    const now = ctx.now();
    await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);

    const completed = await ctx.storage().jobComplete({ ids: [], leaseToken: lease.leaseToken, now });

    expect(completed).toBe(0);
    expect((await ctx.storage().jobCount({})).processing).toBe(1);
  });

  it('tokens are compared exactly, never as patterns or prefixes', async () => {
    const now = ctx.now();
    const ids = await insertJobs(ctx.storage(), now, 4);
    const tokens = ['s:*:a_b', 's:*:axb', 's:*:a_bc', 's:*:a%b'];
    for (const leaseToken of tokens) {
      await ctx.storage().jobLease(leaseParams(now, { limit: 1, leaseToken, leaseOwner: 's' }));
    }

    const completed = await ctx.storage().jobComplete({ ids, leaseToken: 's:*:a_b', now });
    const completedPattern = await ctx.storage().jobComplete({ ids, leaseToken: 's:*:a%', now });

    expect(completed).toBe(1);
    expect(completedPattern).toBe(0);
    expect(await ctx.storage().jobCount({})).toMatchObject({ completed: 1, processing: 3 });
  });
}
