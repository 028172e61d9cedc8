import { expect, it } from 'vitest';

import { at, recoverUntil, serverIdFor, serverInfo, type ConformanceContext } from './fixtures.js';
import {
  fullStorage,
  leasedSchedule,
  occurrenceJobParams,
  scheduleLeaseParams,
  upsertParams,
} from './schedule-fixtures.js';

/** scheduleLeaseDue, scheduleAdvance, scheduleRelease and schedule leases in stale-server recovery. */
export function describeScheduleLease(ctx: ConformanceContext): void {
  it('scheduleLeaseDue takes enabled schedules due by the horizon, earliest first, ties by key', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const due = [
      ['b-tied', at(now, 10_000)],
      ['a-tied', at(now, 10_000)],
      ['c-early', at(now, -5_000)],
      ['d-late', at(now, 20_000)],
    ] as const;
    for (const [key, nextRunAt] of due) await storage.scheduleUpsert(upsertParams(now, { key, nextRunAt }));
    await storage.scheduleUpsert(upsertParams(now, { key: 'e-never', nextRunAt: null }));
    const lease = scheduleLeaseParams(now, { horizon: at(now, 15_000), leaseOwner: 'node-1:*:abcdefabcdef' });

    const leased = await storage.scheduleLeaseDue(lease);

    expect(leased.map((schedule) => schedule.key)).toEqual(['c-early', 'a-tied', 'b-tied']);
    for (const schedule of leased) {
      expect(schedule).toMatchObject({
        leaseToken: lease.leaseToken,
        leaseOwner: 'node-1:*:abcdefabcdef',
        leaseExpiresAt: lease.leaseExpiresAt,
      });
    }
    expect(await storage.scheduleGet({ key: 'a-tied' })).toMatchObject({ leaseToken: lease.leaseToken });
  });

  it('scheduleLeaseDue takes at most limit schedules', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    for (let index = 0; index < 5; index += 1) {
      await storage.scheduleUpsert(upsertParams(now, { key: `s-${index}`, nextRunAt: now }));
    }

    const first = await storage.scheduleLeaseDue(scheduleLeaseParams(now, { limit: 3 }));
    const second = await storage.scheduleLeaseDue(scheduleLeaseParams(now, { limit: 3 }));

    expect(first.map((schedule) => schedule.key)).toEqual(['s-0', 's-1', 's-2']);
    expect(second.map((schedule) => schedule.key)).toEqual(['s-3', 's-4']);
  });

  it('a held schedule is not leased again until its lease expires', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const { key, leaseToken } = await leasedSchedule(storage, now, now, { leaseExpiresAt: at(now, 30_000) });

    const whileHeld = await storage.scheduleLeaseDue(scheduleLeaseParams(at(now, 29_999)));
    const takeover = scheduleLeaseParams(at(now, 30_000), { leaseOwner: 'node-2:*:000000000002' });
    const afterExpiry = await storage.scheduleLeaseDue(takeover);

    expect(whileHeld).toEqual([]);
    expect(afterExpiry.map((schedule) => schedule.key)).toEqual([key]);
    expect(afterExpiry[0]?.leaseToken).not.toBe(leaseToken);
  });

  it('eight concurrent lease calls never lease one schedule twice', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    for (let index = 0; index < 12; index += 1) {
      await storage.scheduleUpsert(upsertParams(now, { key: `c-${String(index).padStart(2, '0')}`, nextRunAt: now }));
    }

    const results = await Promise.all(
      Array.from({ length: 8 }, () => storage.scheduleLeaseDue(scheduleLeaseParams(now, { limit: 3 }))),
    );

    const keys = results.flat().map((schedule) => schedule.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(12);
  });

  it('scheduleAdvance inserts the occurrence jobs and advances the schedule in one step', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const { key, leaseToken } = await leasedSchedule(storage, now, now);
    const occurrences = [now, at(now, 60_000)];
    const jobs = occurrences.map((occurrence) => occurrenceJobParams(key, occurrence, now));
    const later = at(now, 5);

    const result = await storage.scheduleAdvance({
      key,
      leaseToken,
      jobs,
      nextRunAt: at(now, 120_000),
      lastEnqueuedAt: at(now, 60_000),
      now: later,
    });

    expect(result).toEqual({ advanced: true, inserted: 2 });
    expect(await storage.scheduleGet({ key })).toMatchObject({
      nextRunAt: at(now, 120_000),
      lastEnqueuedAt: at(now, 60_000),
      updatedAt: later,
      leaseToken: null,
      leaseOwner: null,
      leaseExpiresAt: null,
    });
    const stored = await storage.jobGet({ id: jobs[1]!.id });
    expect(stored).toMatchObject({
      status: 'pending',
      runAt: at(now, 60_000),
      availableAt: at(now, 60_000),
      scheduleKey: key,
      idempotencyKey: jobs[1]!.idempotencyKey,
      maxAttempts: 0,
    });
  });

  it('scheduleAdvance skips an occurrence whose idempotency key is taken and still advances', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const { key, leaseToken } = await leasedSchedule(storage, now, now);
    const earlier = occurrenceJobParams(key, now, now);
    await storage.jobInsert(earlier);
    const again = occurrenceJobParams(key, now, now);
    const next = occurrenceJobParams(key, at(now, 60_000), now);

    const result = await storage.scheduleAdvance({
      key,
      leaseToken,
      jobs: [again, next],
      nextRunAt: at(now, 120_000),
      lastEnqueuedAt: at(now, 60_000),
      now,
    });

    expect(result).toEqual({ advanced: true, inserted: 1 });
    expect(await storage.jobGet({ id: again.id })).toBeNull();
    expect(await storage.jobGet({ id: next.id })).not.toBeNull();
    expect((await storage.jobCount({})).pending).toBe(2);
  });

  it('scheduleAdvance under a lost lease writes nothing: no jobs, no progress', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const { key, leaseToken } = await leasedSchedule(storage, now, now, { leaseExpiresAt: at(now, 1_000) });
    const takeover = scheduleLeaseParams(at(now, 1_000), { leaseOwner: 'node-2:*:000000000002' });
    expect((await storage.scheduleLeaseDue(takeover)).map((schedule) => schedule.key)).toEqual([key]);
    const job = occurrenceJobParams(key, now, now);

    const result = await storage.scheduleAdvance({
      key,
      leaseToken,
      jobs: [job],
      nextRunAt: at(now, 3_600_000),
      lastEnqueuedAt: now,
      now,
    });

    expect(result).toEqual({ advanced: false, inserted: 0 });
    expect(await storage.jobGet({ id: job.id })).toBeNull();
    expect(await storage.scheduleGet({ key })).toMatchObject({
      nextRunAt: now,
      lastEnqueuedAt: null,
      leaseToken: takeover.leaseToken,
    });
  });

  it('scheduleAdvance of a deleted schedule writes nothing', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const { key, leaseToken } = await leasedSchedule(storage, now, now);
    await storage.scheduleDelete({ key });
    const job = occurrenceJobParams(key, now, now);

    const result = await storage.scheduleAdvance({ key, leaseToken, jobs: [job], nextRunAt: null, lastEnqueuedAt: now, now });

    expect(result).toEqual({ advanced: false, inserted: 0 });
    expect(await storage.jobGet({ id: job.id })).toBeNull();
  });

  it('scheduleRelease frees the schedules of one lease token, all or the named ones', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    for (const key of ['r-1', 'r-2', 'r-3']) await storage.scheduleUpsert(upsertParams(now, { key, nextRunAt: now }));
    const lease = scheduleLeaseParams(now);
    await storage.scheduleLeaseDue(lease);
    const otherToken = `${lease.leaseOwner}:*:not-this-lease`;

    const wrongToken = await storage.scheduleRelease({ leaseToken: otherToken });
    const named = await storage.scheduleRelease({ leaseToken: lease.leaseToken, keys: ['r-2'] });
    const afterNamed = await storage.scheduleLeaseDue(scheduleLeaseParams(now));
    const rest = await storage.scheduleRelease({ leaseToken: lease.leaseToken });

    expect(wrongToken).toBe(0);
    expect(named).toBe(1);
    expect(afterNamed.map((schedule) => schedule.key)).toEqual(['r-2']);
    expect(rest).toBe(2);
    expect(await storage.scheduleGet({ key: 'r-1' })).toMatchObject({
      leaseToken: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      nextRunAt: now,
    });
  });

  it('serverRecoverStale frees the schedules a stale server leased, matching the owner exactly', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const stale = serverIdFor('stale_sched');
    // Looks like the stale id under LIKE (`_` is a wildcard): must not be touched.
    const lookalike = stale.replace('stale_sched', 'stalexsched');
    await storage.serverHeartbeat(serverInfo(stale));
    await storage.scheduleUpsert(upsertParams(now, { key: 'held-1', nextRunAt: now }));
    await storage.scheduleUpsert(upsertParams(now, { key: 'held-2', nextRunAt: now }));
    await storage.scheduleLeaseDue(scheduleLeaseParams(now, { leaseOwner: stale }));
    await storage.scheduleUpsert(upsertParams(now, { key: 'other', nextRunAt: now }));
    await storage.scheduleLeaseDue(scheduleLeaseParams(now, { leaseOwner: lookalike }));

    const recovered = await recoverUntil(
      storage,
      { staleAfterMs: 50, exceptServerId: serverIdFor('sweeper') },
      stale,
    );

    expect(recovered).toEqual([{ serverId: stale, releasedJobs: 0, releasedSchedules: 2 }]);
    expect(await storage.scheduleGet({ key: 'held-1' })).toMatchObject({ leaseToken: null, leaseOwner: null });
    expect(await storage.scheduleGet({ key: 'other' })).toMatchObject({ leaseOwner: lookalike });
    const retaken = await storage.scheduleLeaseDue(scheduleLeaseParams(now));
    expect(retaken.map((schedule) => schedule.key)).toEqual(['held-1', 'held-2']);
  });
}
