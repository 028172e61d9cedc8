import { expect, it } from 'vitest';

import { at, errorRecord, insertJobs, leaseParams, type ConformanceContext } from './fixtures.js';

/** jobFail: retry scheduling, final failure, error records, fencing. */
export function describeJobFail(ctx: ConformanceContext): void {
  it('jobFail with a retry time makes the job pending again at that time and records the error', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const failedAt = at(now, 100);
    const retryAt = at(now, 15_100);
    const error = errorRecord(1, failedAt);

    const written = await ctx
      .storage()
      .jobFail({ id: id!, leaseToken: lease.leaseToken, now: failedAt, error, retryAt });

    expect(written).toBe(true);
    expect(await ctx.storage().jobGet({ id: id! })).toMatchObject({
      status: 'pending',
      availableAt: retryAt,
      attempts: 1,
      leaseToken: null,
      leaseOwner: null,
      updatedAt: failedAt,
      failedAt: null,
      completedAt: null,
      errors: [error],
    });
  });

  it('a job scheduled for retry is leased again only once the retry time has come', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const retryAt = at(now, 5_000);
    await ctx
      .storage()
      .jobFail({ id: id!, leaseToken: lease.leaseToken, now, error: errorRecord(1, now), retryAt });

    const early = await ctx.storage().jobLease(leaseParams(at(now, 4_999)));
    const due = await ctx.storage().jobLease(leaseParams(retryAt));

    expect(early).toEqual([]);
    expect(due).toHaveLength(1);
    expect(due[0]?.attempts).toBe(2);
  });

  it('jobFail without a retry time fails the job for good', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const failedAt = at(now, 42);
    const error = errorRecord(1, failedAt, { stack: null, serverId: null, errorType: 'Error' });

    const written = await ctx
      .storage()
      .jobFail({ id: id!, leaseToken: lease.leaseToken, now: failedAt, error, retryAt: null });

    expect(written).toBe(true);
    expect(await ctx.storage().jobGet({ id: id! })).toMatchObject({
      status: 'failed',
      failedAt,
      updatedAt: failedAt,
      availableAt: null,
      leaseToken: null,
      leaseOwner: null,
      completedAt: null,
      errors: [error],
    });
    expect(await ctx.storage().jobLease(leaseParams(at(now, 3_600_000)))).toEqual([]);
  });

  it('jobGet lists the errors of every failed attempt, oldest first', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const errors = [errorRecord(1, at(now, 1)), errorRecord(2, at(now, 2)), errorRecord(3, at(now, 3))];

    for (const error of errors) {
      const lease = leaseParams(error.occurredAt);
      await ctx.storage().jobLease(lease);
      const retryAt = error.attempt < 3 ? error.occurredAt : null;
      await ctx
        .storage()
        .jobFail({ id: id!, leaseToken: lease.leaseToken, now: error.occurredAt, error, retryAt });
    }

    const job = await ctx.storage().jobGet({ id: id! });
    expect(job?.status).toBe('failed');
    expect(job?.attempts).toBe(3);
    expect(job?.errors).toEqual(errors);
  });

  it('jobFail after the lease was lost writes nothing, not even the error, and returns false', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const stale = leaseParams(now, { visibilityMs: 1_000 });
    await ctx.storage().jobLease(stale);
    await ctx.storage().jobLease(leaseParams(at(now, 1_000)));
    const before = await ctx.storage().jobGet({ id: id! });

    const retried = await ctx.storage().jobFail({
      id: id!,
      leaseToken: stale.leaseToken,
      now: at(now, 1_500),
      error: errorRecord(1, at(now, 1_500)),
      retryAt: at(now, 2_000),
    });
    const failed = await ctx.storage().jobFail({
      id: id!,
      leaseToken: stale.leaseToken,
      now: at(now, 1_500),
      error: errorRecord(1, at(now, 1_500)),
      retryAt: null,
    });

    expect([retried, failed]).toEqual([false, false]);
    expect(await ctx.storage().jobGet({ id: id! })).toEqual(before);
  });

  it('a long error message and stack round-trip', async () => {
    const now = ctx.now();
    const [id] = await insertJobs(ctx.storage(), now, 1);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    const error = errorRecord(1, now, {
      message: `boom ✗ ${'m'.repeat(4_000)}`,
      stack: `Error: boom\n${'    at frame (file.ts:1:1)\n'.repeat(300)}`,
    });

    await ctx.storage().jobFail({ id: id!, leaseToken: lease.leaseToken, now, error, retryAt: null });

    expect((await ctx.storage().jobGet({ id: id! }))?.errors).toEqual([error]);
  });
}
