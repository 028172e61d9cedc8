import { randomUUID } from 'node:crypto';

import { expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../jobs/define-job.js';
import { waitFor } from '../wait-for.js';
import { HandlerFailure, newClient, newServer, recordEvents, type ProcessingContext } from './harness.js';

/** Success, retries, final failure, and jobs that must fail without running. */
export function describeBasicProcessing(ctx: ProcessingContext): void {
  it('runs each enqueued job once with its validated payload and completes it', async () => {
    const seen: Array<{ n: number; attempt: number }> = [];
    const job = defineJob({
      name: 'count',
      schema: z.object({ n: z.number().int() }),
      handler: async ({ n }, { attempt }) => {
        seen.push({ n, attempt });
      },
    });
    const client = newClient(ctx, [job]);
    const server = newServer(ctx, { jobs: [job] });
    const events = recordEvents(server);
    const ids = [];
    for (let n = 0; n < 20; n += 1) ids.push(await client.enqueue(job, { n }));

    await server.start();
    await waitFor(() => events.completed.length === 20, { description: '20 completions' });

    expect(seen.map((entry) => entry.n).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(seen.every((entry) => entry.attempt === 1)).toBe(true);
    expect(await client.countJobs()).toEqual({ pending: 0, processing: 0, completed: 20, failed: 0 });
    const first = await client.getJob(ids[0]!);
    expect(first).toMatchObject({ status: 'completed', attempts: 1, leaseToken: null, errors: [] });
  });

  it('retries a failing job with the queue backoff until it succeeds', async () => {
    let calls = 0;
    const job = defineJob({
      name: 'flaky',
      schema: z.object({}),
      handler: async () => {
        calls += 1;
        if (calls < 3) throw new RangeError(`flaky failure ${calls}`);
      },
    });
    const client = newClient(ctx, [job]);
    const retry = { kind: 'exponential', initialDelayMs: 20, maxDelayMs: 1_000, maxAttempts: 5 } as const;
    const server = newServer(ctx, { jobs: [job], queues: { default: { pollIntervalMs: 10, retry } } });
    const events = recordEvents(server);
    const id = await client.enqueue(job, {});

    await server.start();
    await waitFor(() => events.completed.length === 1, { description: 'completion after retries' });

    const stored = await client.getJob(id);
    expect(stored).toMatchObject({ status: 'completed', attempts: 3, maxAttempts: 0 });
    expect(stored?.errors.map((error) => [error.attempt, error.errorType, error.message])).toEqual([
      [1, 'RangeError', 'flaky failure 1'],
      [2, 'RangeError', 'flaky failure 2'],
    ]);
    expect(stored?.errors[0]?.serverId).toBe(server.getServerId());
    expect(stored?.errors[0]?.stack).toContain('flaky failure 1');
    const delays = events.retrying.map((event) => event.retryAt.getTime() - event.error.occurredAt.getTime());
    expect(delays).toEqual([20, 40]);
  });

  it('fails a job for good after maxAttempts executions, recording every error', async () => {
    const job = defineJob({
      name: 'always-fails',
      schema: z.object({ reason: z.string() }),
      maxAttempts: 3,
      handler: async ({ reason }) => {
        throw new HandlerFailure(reason);
      },
    });
    const client = newClient(ctx, [job]);
    const retry = { kind: 'fixed', delayMs: 0, maxAttempts: 10 } as const;
    const server = newServer(ctx, { jobs: [job], queues: { default: { pollIntervalMs: 10, retry } } });
    const events = recordEvents(server);
    const id = await client.enqueue(job, { reason: 'disk full' });

    await server.start();
    await waitFor(() => events.failed.length === 1, { description: 'final failure' });

    const stored = await client.getJob(id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 3, maxAttempts: 3, availableAt: null });
    expect(stored?.failedAt).toBeInstanceOf(Date);
    expect(stored?.errors.map((error) => error.attempt)).toEqual([1, 2, 3]);
    expect(stored?.errors.every((error) => error.message === 'disk full')).toBe(true);
    expect(stored?.errors.every((error) => error.errorType === 'HandlerFailure')).toBe(true);
    expect(events.retrying.map((event) => event.attempt)).toEqual([1, 2]);
    expect(events.failed[0]).toMatchObject({ jobId: id, attempt: 3, name: 'always-fails' });
  });

  it('fails a job whose name no registered definition has, and keeps working', async () => {
    const orphan = defineJob({ name: 'orphan', schema: z.object({}), handler: () => undefined });
    let ran = 0;
    const known = defineJob({ name: 'known', schema: z.object({}), handler: () => void (ran += 1) });
    const client = newClient(ctx, [orphan, known]);
    const server = newServer(ctx, { jobs: [known] });
    const events = recordEvents(server);
    const orphanId = await client.enqueue(orphan, {});
    await client.enqueue(known, {});

    await server.start();
    await waitFor(() => events.failed.length === 1 && events.completed.length === 1, {
      description: 'orphan failed and known completed',
    });

    const stored = await client.getJob(orphanId);
    expect(stored).toMatchObject({ status: 'failed', attempts: 1 });
    expect(stored?.errors[0]).toMatchObject({ errorType: 'JobNotRegisteredError', attempt: 1 });
    expect(stored?.errors[0]?.message).toContain('"orphan"');
    expect(ran).toBe(1);
  });

  it('fails a job whose stored payload no longer matches the schema, without running it', async () => {
    const producerView = defineJob({ name: 'resize', schema: z.object({ width: z.number() }), handler: () => undefined });
    let ran = 0;
    const workerView = defineJob({
      name: 'resize',
      schema: z.object({ width: z.string() }),
      handler: () => void (ran += 1),
    });
    const client = newClient(ctx, [producerView]);
    const server = newServer(ctx, { jobs: [workerView] });
    const events = recordEvents(server);
    const badId = await client.enqueue(producerView, { width: 640 });

    await server.start();
    await waitFor(() => events.failed.length === 1, { description: 'invalid payload failed' });
    const goodId = await newClient(ctx, [workerView]).enqueue(workerView, { width: 'wide' });
    await waitFor(() => events.completed.length === 1, { description: 'next job completed' });

    const bad = await client.getJob(badId);
    expect(bad).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad?.errors[0]?.errorType).toBe('JobPayloadInvalidError');
    expect(bad?.errors[0]?.message).toContain('width');
    expect(events.completed[0]?.jobId).toBe(goodId);
    expect(ran).toBe(1);
  });

  it('fails without running a job leased again after its last allowed attempt outlived its lease', async () => {
    let ran = 0;
    const job = defineJob({ name: 'once', schema: z.object({}), maxAttempts: 1, handler: () => void (ran += 1) });
    const client = newClient(ctx, [job]);
    const past = new Date(Date.now() - 60_000);
    const id = await client.enqueueAt(job, {}, past);
    // A server that died mid-attempt: its lease has long expired.
    const [leased] = await ctx.storage().jobLease({
      queue: 'default',
      limit: 1,
      now: past,
      leaseToken: `dead:*:000000000000:*:${randomUUID()}`,
      leaseOwner: 'dead:*:000000000000',
      leaseExpiresAt: new Date(past.getTime() + 1_000),
    });
    expect(leased?.id).toBe(id);
    const server = newServer(ctx, { jobs: [job] });
    const events = recordEvents(server);

    await server.start();
    await waitFor(() => events.failed.length === 1, { description: 'exhausted job failed' });

    const stored = await client.getJob(id);
    expect(stored).toMatchObject({ status: 'failed', attempts: 2 });
    expect(stored?.errors[0]).toMatchObject({ errorType: 'JobAttemptsExhaustedError', attempt: 2 });
    expect(ran).toBe(0);
  });
}
