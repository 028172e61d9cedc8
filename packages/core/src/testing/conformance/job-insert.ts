import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';

import { at, insertParams, leaseParams, type ConformanceContext } from './fixtures.js';

/** jobInsert, jobGet, idempotency and exact round trips of payloads and dates. */
export function describeJobInsert(ctx: ConformanceContext): void {
  it('jobInsert stores a pending job that jobGet returns field for field', async () => {
    const now = ctx.now();
    const params = insertParams(now, {
      name: 'send-mail',
      queue: 'mail',
      payload: '{"to":"a@example.com"}',
      runAt: at(now, 5_000),
      maxAttempts: 7,
      idempotencyKey: `key-${randomUUID()}`,
      scheduleKey: 'nightly-report',
    });

    const result = await ctx.storage().jobInsert(params);
    const job = await ctx.storage().jobGet({ id: params.id });

    expect(result).toEqual({ id: params.id, inserted: true });
    expect(job).toEqual({
      id: params.id,
      name: 'send-mail',
      queue: 'mail',
      payload: '{"to":"a@example.com"}',
      status: 'pending',
      runAt: params.runAt,
      availableAt: params.runAt,
      attempts: 0,
      maxAttempts: 7,
      idempotencyKey: params.idempotencyKey,
      scheduleKey: 'nightly-report',
      leaseToken: null,
      leaseOwner: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      failedAt: null,
      errors: [],
    });
  });

  it('jobGet returns null for an id no job has', async () => {
    const job = await ctx.storage().jobGet({ id: randomUUID() });

    expect(job).toBeNull();
  });

  it('jobInsert with a taken idempotency key returns the first id and inserts nothing', async () => {
    const now = ctx.now();
    const key = `key-${randomUUID()}`;
    const first = insertParams(now, { idempotencyKey: key, payload: '{"v":1}' });
    await ctx.storage().jobInsert(first);

    const second = await ctx.storage().jobInsert(
      insertParams(now, { idempotencyKey: key, payload: '{"v":2}', queue: 'other' }),
    );

    expect(second).toEqual({ id: first.id, inserted: false });
    expect((await ctx.storage().jobGet({ id: first.id }))?.payload).toBe('{"v":1}');
    expect(await ctx.storage().jobCount({})).toEqual({
      pending: 1,
      processing: 0,
      completed: 0,
      failed: 0,
    });
  });

  it('an idempotency key keeps returning the first id after that job completed', async () => {
    const now = ctx.now();
    const key = `key-${randomUUID()}`;
    const first = insertParams(now, { idempotencyKey: key });
    await ctx.storage().jobInsert(first);
    const lease = leaseParams(now);
    await ctx.storage().jobLease(lease);
    await ctx.storage().jobComplete({ ids: [first.id], leaseToken: lease.leaseToken, now });

    const again = await ctx.storage().jobInsert(insertParams(now, { idempotencyKey: key }));

    expect(again).toEqual({ id: first.id, inserted: false });
  });

  it('ten concurrent inserts with one idempotency key insert exactly one job', async () => {
    const now = ctx.now();
    const key = `key-${randomUUID()}`;
    const attempts = Array.from({ length: 10 }, () => insertParams(now, { idempotencyKey: key }));

    const results = await Promise.all(attempts.map((params) => ctx.storage().jobInsert(params)));

    const inserted = results.filter((result) => result.inserted);
    expect(inserted).toHaveLength(1);
    expect(new Set(results.map((result) => result.id))).toEqual(new Set([inserted[0]?.id]));
    expect((await ctx.storage().jobCount({})).pending).toBe(1);
  });

  it('jobs without an idempotency key never collide with each other', async () => {
    const now = ctx.now();

    const results = await Promise.all(
      [1, 2, 3].map(() => ctx.storage().jobInsert(insertParams(now, { idempotencyKey: null }))),
    );

    expect(results.every((result) => result.inserted)).toBe(true);
    expect((await ctx.storage().jobCount({})).pending).toBe(3);
  });

  it('payloads with unicode round-trip exactly', async () => {
    const now = ctx.now();
    const payload = JSON.stringify({
      emoji: '🧪🚀👩‍👩‍👧',
      cjk: '漢字かなカナ한국어',
      rtl: 'مرحبا שלום',
      combining: 'e\u0301 a\u0308',
      controls: '\u0000\u0001\t\n\r',
      loneSurrogate: '\ud800',
      quotes: `'"\\%_`,
    });
    const params = insertParams(now, { payload });

    await ctx.storage().jobInsert(params);

    expect((await ctx.storage().jobGet({ id: params.id }))?.payload).toBe(payload);
  });

  it('a 100 KB payload round-trips exactly', async () => {
    const now = ctx.now();
    const chunk = 'abcdefghijklmnopqrstuvwxyz0123456789ÄÖÜß€';
    const payload = JSON.stringify({ data: chunk.repeat(Math.ceil((100 * 1024) / chunk.length)) });
    const params = insertParams(now, { payload });

    await ctx.storage().jobInsert(params);

    expect(Buffer.byteLength(payload)).toBeGreaterThan(100 * 1024);
    expect((await ctx.storage().jobGet({ id: params.id }))?.payload).toBe(payload);
  });

  it('Date values round-trip to the millisecond', async () => {
    const now = new Date(Math.floor(ctx.now().getTime() / 1000) * 1000 + 987);
    const runAt = new Date(now.getTime() - 60_000 + 1);
    const params = insertParams(now, { runAt });
    await ctx.storage().jobInsert(params);
    const leaseNow = at(now, 3);
    const lease = leaseParams(leaseNow, { leaseExpiresAt: at(leaseNow, 60_001) });

    const [leased] = await ctx.storage().jobLease(lease);
    const completedAt = at(now, 1_009);
    await ctx.storage().jobComplete({ ids: [params.id], leaseToken: lease.leaseToken, now: completedAt });
    const job = await ctx.storage().jobGet({ id: params.id });

    expect(leased?.availableAt?.getTime()).toBe(lease.leaseExpiresAt.getTime());
    expect(leased?.updatedAt.getTime()).toBe(leaseNow.getTime());
    expect(job?.runAt.getTime()).toBe(runAt.getTime());
    expect(job?.createdAt.getTime()).toBe(now.getTime());
    expect(job?.completedAt?.getTime()).toBe(completedAt.getTime());
    expect(job?.updatedAt.getTime()).toBe(completedAt.getTime());
  });
}
