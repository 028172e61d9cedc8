import { expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../jobs/define-job.js';
import { waitFor } from '../wait-for.js';
import { Gate, newClient, newServer, recordEvents, withHeldLease, type ProcessingContext } from './harness.js';

/** Graceful shutdown: drain, abort after the timeout, release what is held. */
export function describeShutdown(ctx: ProcessingContext): void {
  it('stop() lets running jobs finish and leaves jobs it never leased pending', async () => {
    const started = new Gate();
    const mayFinish = new Gate();
    let finished = 0;
    const slow = defineJob({
      name: 'slow',
      schema: z.object({}),
      handler: async () => {
        started.open();
        await mayFinish.opened;
        finished += 1;
      },
    });
    const client = newClient(ctx, [slow]);
    const server = newServer(ctx, { jobs: [slow], queues: { default: { pollIntervalMs: 10, parallelism: 1 } } });
    for (let index = 0; index < 4; index += 1) await client.enqueue(slow, {});
    await server.start();
    await started.opened;

    const stopped = server.stop();
    mayFinish.open();
    await stopped;

    expect(finished).toBe(1);
    expect(await client.countJobs()).toEqual({ pending: 3, processing: 0, completed: 1, failed: 0 });
  });

  it('stop() releases jobs leased but not started, refunding the attempt', async () => {
    const job = defineJob({ name: 'never-started', schema: z.object({}), handler: () => undefined });
    const client = newClient(ctx, [job]);
    const ids = [await client.enqueue(job, {}), await client.enqueue(job, {})];
    const leaseHeld = new Gate();
    const leaseCalled = new Gate();
    const storage = withHeldLease(ctx.storage(), leaseHeld, () => leaseCalled.open());
    const server = newServer(ctx, { jobs: [job], storage });
    const events = recordEvents(server);
    await server.start();
    await leaseCalled.opened;

    const stopped = server.stop();
    leaseHeld.open();
    await stopped;

    expect(events.completed).toEqual([]);
    for (const id of ids) {
      expect(await client.getJob(id)).toMatchObject({ status: 'pending', attempts: 0, leaseToken: null });
    }
  });

  it('stop() aborts handlers still running at the timeout and releases their jobs, keeping the attempt', async () => {
    const started = new Gate();
    let abortReason: unknown;
    const stubborn = defineJob({
      name: 'stubborn',
      schema: z.object({}),
      handler: async (_payload, { signal }) => {
        started.open();
        await new Promise<void>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            abortReason = signal.reason;
            reject(signal.reason as Error);
          });
        });
      },
    });
    const client = newClient(ctx, [stubborn]);
    const server = newServer(ctx, { jobs: [stubborn], shutdownTimeoutMs: 50 });
    const events = recordEvents(server);
    const id = await client.enqueue(stubborn, {});
    await server.start();
    await started.opened;

    await server.stop();

    expect((abortReason as { code?: string } | undefined)?.code).toBe('JOB.ABORTED');
    expect(await client.getJob(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      leaseToken: null,
      errors: [],
    });
    expect([...events.failed, ...events.retrying, ...events.completed]).toEqual([]);
  });

  it('stop() releases a job whose handler ignores the abort, and a late finish writes nothing', async () => {
    const started = new Gate();
    const mayFinish = new Gate();
    const deaf = defineJob({
      name: 'deaf',
      schema: z.object({}),
      handler: async () => {
        started.open();
        await mayFinish.opened;
      },
    });
    const client = newClient(ctx, [deaf]);
    const server = newServer(ctx, { jobs: [deaf], shutdownTimeoutMs: 20 });
    const events = recordEvents(server);
    const id = await client.enqueue(deaf, {});
    await server.start();
    await started.opened;

    await server.stop();
    mayFinish.open();
    await waitFor(async () => (await client.getJob(id))?.status === 'pending', { description: 'job released' });

    expect(await client.getJob(id)).toMatchObject({ status: 'pending', attempts: 1, leaseToken: null });
    expect(events.completed).toEqual([]);
  });
}
