import { expect, it } from 'vitest';

import { at, insertInLeaseOrder, insertJobs, leaseParams, type ConformanceContext } from './fixtures.js';

/** jobRelease: all or some jobs of one lease, with or without refunding the attempt. */
export function describeJobRelease(ctx: ConformanceContext): void {
  it('jobRelease returns every job of the lease to pending, due now, keeping the attempt', async () => {
    const now = ctx.now();
    const ids = await insertJobs(ctx.storage(), now, 2);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const releasedAt = at(now, 500);

    const released = await ctx
      .storage()
      .jobRelease({ leaseToken: lease.leaseToken, refundAttempt: false, now: releasedAt });

    expect(released).toBe(2);
    for (const id of ids) {
      expect(await ctx.storage().jobGet({ id })).toMatchObject({
        status: 'pending',
        availableAt: releasedAt,
        updatedAt: releasedAt,
        attempts: 1,
        leaseToken: null,
        leaseOwner: null,
      });
    }
  });

  it('jobRelease with refundAttempt gives the attempt back', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);

    await ctx.storage().jobRelease({ leaseToken: lease.leaseToken, refundAttempt: true, now });

    expect((await ctx.storage().jobGet({ id: id! }))?.attempts).toBe(0);
    const [again] = await ctx.storage().jobLease(leaseParams(now));
    expect(again?.attempts).toBe(1);
  });

  it('jobRelease with ids releases only those jobs of the lease', async () => {
    const now = ctx.now();
    const [first, second, third] = await insertJobs(ctx.storage(), now, 3);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);

    const released = await ctx.storage().jobRelease({
      leaseToken: lease.leaseToken,
      ids: [first!, third!],
      refundAttempt: true,
      now,
    });

    expect(released).toBe(2);
    expect((await ctx.storage().jobGet({ id: first! }))?.status).toBe('pending');
    expect((await ctx.storage().jobGet({ id: second! }))?.leaseToken).toBe(lease.leaseToken);
    expect((await ctx.storage().jobGet({ id: third! }))?.attempts).toBe(0);
  });

  it('jobRelease leaves jobs of other leases and finished jobs alone', async () => {
    const now = ctx.now();
    const [done, mine, theirs] = await insertInLeaseOrder(ctx.storage(), now, 3);
    const lease = leaseParams(now, { limit: 2 });
    await ctx.storage().jobLease(lease);
    const other = leaseParams(now);
    await ctx.storage().jobLease(other);
    await ctx.storage().jobComplete({ ids: [done!], leaseToken: lease.leaseToken, now });

    const released = await ctx
      .storage()
      .jobRelease({ leaseToken: lease.leaseToken, refundAttempt: false, now });
    const releasedById = await ctx.storage().jobRelease({
      leaseToken: lease.leaseToken,
      ids: [theirs!, done!],
      refundAttempt: false,
      now,
    });

    expect([released, releasedById]).toEqual([1, 0]);
    expect((await ctx.storage().jobGet({ id: mine! }))?.status).toBe('pending');
    expect((await ctx.storage().jobGet({ id: theirs! }))?.leaseToken).toBe(other.leaseToken);
    expect((await ctx.storage().jobGet({ id: done! }))?.status).toBe('completed');
  });

  it('jobRelease compares the token exactly, never as a pattern or prefix', async () => {
    const now = ctx.now();
    await insertJobs(ctx.storage(), now, 3);
    for (const leaseToken of ['s:*:a_b', 's:*:axb', 's:*:a_b2']) {
      await ctx.storage().jobLease(leaseParams(now, { limit: 1, leaseToken, leaseOwner: 's' }));
    }

    const released = await ctx.storage().jobRelease({ leaseToken: 's:*:a_b', refundAttempt: false, now });
    const releasedPattern = await ctx
      .storage()
      .jobRelease({ leaseToken: 's:*:%', refundAttempt: false, now });

    expect([released, releasedPattern]).toEqual([1, 0]);
    expect(await ctx.storage().jobCount({})).toMatchObject({ pending: 1, processing: 2 });
  });
}
