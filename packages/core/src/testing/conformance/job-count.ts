import { expect, it } from 'vitest';

import { errorRecord, insertInLeaseOrder, leaseParams, type ConformanceContext } from './fixtures.js';

/** jobCount: per queue and overall, every state present. */
export function describeJobCount(ctx: ConformanceContext): void {
  it('jobCount of an empty storage is zero in every state', async () => {
    const counts = await ctx.storage().jobCount({});

    expect(counts).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
  });

  it('jobCount counts each state per queue and overall', async () => {
    const now = ctx.now();
    // mail: 1 completed, 1 failed, 1 processing, 2 pending. files: 1 pending.
    const mail = await insertInLeaseOrder(ctx.storage(), now, 5, { queue: 'mail' });
    await insertInLeaseOrder(ctx.storage(), now, 1, { queue: 'files' });
    const lease = leaseParams(now, { queue: 'mail', limit: 3 });
    await ctx.storage().jobLease(lease);
    await ctx.storage().jobComplete({ ids: [mail[0]!], leaseToken: lease.leaseToken, now });
    await ctx.storage().jobFail({
      id: mail[1]!,
      leaseToken: lease.leaseToken,
      now,
      error: errorRecord(1, now),
      retryAt: null,
    });

    const mailCounts = await ctx.storage().jobCount({ queue: 'mail' });
    const filesCounts = await ctx.storage().jobCount({ queue: 'files' });
    const unknownCounts = await ctx.storage().jobCount({ queue: 'nothing-here' });
    const allCounts = await ctx.storage().jobCount({});

    expect(mailCounts).toEqual({ pending: 2, processing: 1, completed: 1, failed: 1 });
    expect(filesCounts).toEqual({ pending: 1, processing: 0, completed: 0, failed: 0 });
    expect(unknownCounts).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
    expect(allCounts).toEqual({ pending: 3, processing: 1, completed: 1, failed: 1 });
  });
}
