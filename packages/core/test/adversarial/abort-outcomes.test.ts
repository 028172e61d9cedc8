import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob, type JobContext } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

/** A job whose handler waits for its signal to fire, then does what `afterAbort` says. */
function jobEndingAfterAbort(afterAbort: (context: JobContext) => void) {
  let started = false;
  const job = defineJob({
    name: 'ends-after-abort',
    schema: z.object({}),
    handler: async (_payload, context) => {
      started = true;
      await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
      afterAbort(context);
    },
  });
  return { job, started: () => started };
}

describe('[memory] adversarial: how a handler ends after shutdown aborted it decides the outcome', () => {
  it('returning normally after the abort completes the job: the handler says it finished', async () => {
    const world = adversarialWorld();
    const { job, started } = jobEndingAfterAbort(() => undefined);
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({ jobs: [job], shutdownTimeoutMs: 20 });
    await server.start();
    await waitFor(started, { timeoutMs: 3_000, description: 'the handler started' });

    await server.stop();

    expect(await world.storage.jobGet({ id })).toMatchObject({ status: 'completed', attempts: 1, errors: [] });
  });

  it.each([
    ['signal.reason', (context: JobContext) => {
      throw context.signal.reason;
    }],
    ['any error', () => {
      throw new Error('gave up on shutdown');
    }],
  ])('throwing %s after the abort releases the job for another server, attempt kept, no error recorded', async (_label, afterAbort) => {
    const world = adversarialWorld();
    const { job, started } = jobEndingAfterAbort(afterAbort);
    const id = await world.client([job]).enqueue(job, {});
    const server = world.server({ jobs: [job], shutdownTimeoutMs: 20 });
    await server.start();
    await waitFor(started, { timeoutMs: 3_000, description: 'the handler started' });

    await server.stop();

    expect(await world.storage.jobGet({ id })).toMatchObject({
      status: 'pending',
      attempts: 1,
      leaseToken: null,
      errors: [],
    });
  });
});
