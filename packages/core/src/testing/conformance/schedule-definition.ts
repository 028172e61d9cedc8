import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { at, type ConformanceContext } from './fixtures.js';
import { fullStorage, leasedSchedule, scheduleLeaseParams, upsertParams } from './schedule-fixtures.js';

/** scheduleUpsert, scheduleGet, scheduleList, scheduleSetEnabled, scheduleDelete. */
export function describeScheduleDefinition(ctx: ConformanceContext): void {
  it('scheduleUpsert creates a schedule that scheduleGet returns field for field', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now, {
      key: 'reports.daily',
      name: 'send-report',
      queue: 'reports',
      payload: '{"to":"ops@example.com","emoji":"📈"}',
      cron: '30 2 * * *',
      timeZone: 'Europe/Berlin',
      misfirePolicy: 'catchUp',
      maxCatchUp: 7,
      maxAttempts: 4,
      nextRunAt: at(now, 86_400_123),
    });

    const result = await storage.scheduleUpsert(params);
    const stored = await storage.scheduleGet({ key: 'reports.daily' });

    const expected = {
      key: 'reports.daily',
      name: 'send-report',
      queue: 'reports',
      payload: '{"to":"ops@example.com","emoji":"📈"}',
      cron: '30 2 * * *',
      timeZone: 'Europe/Berlin',
      misfirePolicy: 'catchUp',
      maxCatchUp: 7,
      maxAttempts: 4,
      enabled: true,
      nextRunAt: params.nextRunAt,
      lastEnqueuedAt: null,
      leaseToken: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      createdAt: now,
      updatedAt: now,
    };
    expect(result).toEqual({ created: true, schedule: expected });
    expect(stored).toEqual(expected);
  });

  it('scheduleGet returns null for a key no schedule has', async () => {
    expect(await fullStorage(ctx).scheduleGet({ key: 'missing' })).toBeNull();
  });

  it('scheduleUpsert with enabled false creates a disabled schedule', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);

    const { schedule } = await storage.scheduleUpsert(upsertParams(now, { enabled: false }));

    expect(schedule.enabled).toBe(false);
  });

  it('scheduleUpsert of an existing key updates it in place and keeps nextRunAt when cron and zone are unchanged', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const first = upsertParams(now);
    await storage.scheduleUpsert(first);
    const later = at(now, 5_000);

    const result = await storage.scheduleUpsert({
      ...first,
      payload: '{"report":"weekly"}',
      queue: 'reports',
      misfirePolicy: 'ignore',
      maxAttempts: 2,
      nextRunAt: at(later, 3_600_000),
      now: later,
    });

    expect(result.created).toBe(false);
    expect(result.schedule).toMatchObject({
      payload: '{"report":"weekly"}',
      queue: 'reports',
      misfirePolicy: 'ignore',
      maxAttempts: 2,
      nextRunAt: first.nextRunAt,
      createdAt: now,
      updatedAt: later,
    });
    expect(await storage.scheduleList()).toHaveLength(1);
  });

  it.each([
    ['cron', { cron: '*/5 * * * *' }],
    ['timeZone', { timeZone: 'America/New_York' }],
  ])('scheduleUpsert writes nextRunAt when %s changes', async (_field, change) => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const first = upsertParams(now);
    await storage.scheduleUpsert(first);
    const recomputed = at(now, 300_000);

    const { schedule } = await storage.scheduleUpsert({ ...first, ...change, nextRunAt: recomputed });

    expect(schedule).toMatchObject({ ...change, nextRunAt: recomputed });
  });

  it('scheduleUpsert keeps a disabled schedule disabled unless enabled is given, and enabling writes nextRunAt', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const first = upsertParams(now, { enabled: false });
    await storage.scheduleUpsert(first);
    const recomputed = at(now, 120_000);

    const kept = await storage.scheduleUpsert({ ...first, enabled: undefined, nextRunAt: recomputed });
    const enabled = await storage.scheduleUpsert({ ...first, enabled: true, nextRunAt: recomputed });

    expect(kept.schedule).toMatchObject({ enabled: false, nextRunAt: first.nextRunAt });
    expect(enabled.schedule).toMatchObject({ enabled: true, nextRunAt: recomputed });
  });

  it('scheduleUpsert keeps lastEnqueuedAt and clears a lease, so the lease can no longer commit', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const first = await leasedSchedule(storage, now, now);
    const key = first.key;
    const enqueuedAt = at(now, -1_000);
    await storage.scheduleAdvance({ key, leaseToken: first.leaseToken, jobs: [], nextRunAt: now, lastEnqueuedAt: enqueuedAt, now });
    const lease = scheduleLeaseParams(now);
    expect((await storage.scheduleLeaseDue(lease)).map((schedule) => schedule.key)).toEqual([key]);
    const leaseToken = lease.leaseToken;

    const { schedule } = await storage.scheduleUpsert(upsertParams(now, { key, nextRunAt: now, payload: '{"v":2}' }));
    const advance = await storage.scheduleAdvance({
      key,
      leaseToken,
      jobs: [],
      nextRunAt: at(now, 3_600_000),
      lastEnqueuedAt: now,
      now,
    });

    expect(schedule).toMatchObject({
      leaseToken: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      lastEnqueuedAt: enqueuedAt,
      payload: '{"v":2}',
    });
    expect(advance).toEqual({ advanced: false, inserted: 0 });
    expect((await storage.scheduleGet({ key }))?.nextRunAt).toEqual(now);
  });

  it('ten concurrent upserts of one new key create one schedule', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        storage.scheduleUpsert({ ...params, payload: JSON.stringify({ writer: index }) }),
      ),
    );

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await storage.scheduleList()).toHaveLength(1);
  });

  it('scheduleList returns every schedule ordered by key', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    for (const key of ['b-report', 'a-cleanup', 'c-digest']) {
      await storage.scheduleUpsert(upsertParams(now, { key }));
    }

    const keys = (await storage.scheduleList()).map((schedule) => schedule.key);

    expect(keys).toEqual(['a-cleanup', 'b-report', 'c-digest']);
  });

  it('scheduleSetEnabled disables keeping nextRunAt, and enables writing the given nextRunAt', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now);
    await storage.scheduleUpsert(params);
    const later = at(now, 1_000);
    const resumedAt = at(now, 7_200_000);

    const paused = await storage.scheduleSetEnabled({ key: params.key, enabled: false, nextRunAt: null, now: later });
    const resumed = await storage.scheduleSetEnabled({ key: params.key, enabled: true, nextRunAt: resumedAt, now: later });

    expect(paused).toMatchObject({ enabled: false, nextRunAt: params.nextRunAt, updatedAt: later });
    expect(resumed).toMatchObject({ enabled: true, nextRunAt: resumedAt, updatedAt: later });
  });

  it('scheduleSetEnabled to the current state writes nothing', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now);
    await storage.scheduleUpsert(params);

    const same = await storage.scheduleSetEnabled({
      key: params.key,
      enabled: true,
      nextRunAt: at(now, 99_000),
      now: at(now, 1_000),
    });

    expect(same).toMatchObject({ enabled: true, nextRunAt: params.nextRunAt, updatedAt: now });
  });

  it('scheduleSetEnabled returns null for a missing key', async () => {
    const result = await fullStorage(ctx).scheduleSetEnabled({
      key: 'missing',
      enabled: false,
      nextRunAt: null,
      now: ctx.now(),
    });

    expect(result).toBeNull();
  });

  it('a disabled schedule is never leased, however due', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now, { nextRunAt: at(now, -60_000) });
    await storage.scheduleUpsert(params);
    await storage.scheduleSetEnabled({ key: params.key, enabled: false, nextRunAt: null, now });

    const leased = await storage.scheduleLeaseDue(scheduleLeaseParams(now));

    expect(leased).toEqual([]);
  });

  it('scheduleDelete removes the schedule and keeps the jobs it enqueued', async () => {
    const now = ctx.now();
    const storage = fullStorage(ctx);
    const params = upsertParams(now);
    await storage.scheduleUpsert(params);
    await storage.jobInsert({
      id: randomUUID(),
      name: 'conformance-job',
      queue: 'default',
      payload: '{}',
      runAt: now,
      maxAttempts: 1,
      idempotencyKey: null,
      scheduleKey: params.key,
      now,
    });

    const deleted = await storage.scheduleDelete({ key: params.key });
    const again = await storage.scheduleDelete({ key: params.key });

    expect(deleted).toBe(true);
    expect(again).toBe(false);
    expect(await storage.scheduleGet({ key: params.key })).toBeNull();
    expect((await storage.jobCount({})).pending).toBe(1);
  });
}
