import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { defineJob } from '../../src/index.js';
import { Gate } from '../../src/testing/processing/harness.js';
import { waitFor } from '../../src/testing/index.js';
import { adversarialWorld, stopServersAfterEach } from './support.js';

stopServersAfterEach();

describe('[memory] adversarial: shutdown racing a job that is still being validated', () => {
  it.each([
    ['stop() gives up on it (shutdownTimeoutMs 0)', 0],
    ['stop() aborts it after a short wait', 50],
  ])('never starts the handler once %s', async (_label, shutdownTimeoutMs) => {
    const world = adversarialWorld();
    const validationGate = new Gate();
    let validating = false;
    let handlerCalls = 0;
    const job = defineJob({
      name: 'slow-validation',
      schema: z.object({ n: z.number() }).refine(async () => {
        if (!validating) return true;
        await validationGate.opened;
        return true;
      }),
      handler: () => {
        handlerCalls += 1;
      },
    });
    const id = await world.client([job]).enqueue(job, { n: 1 });
    validating = true;
    const server = world.server({ jobs: [job], shutdownTimeoutMs });
    await server.start();
    await waitFor(async () => (await world.storage.jobGet({ id }))?.status === 'processing', {
      timeoutMs: 3_000,
      description: 'the job leased',
    });

    await server.stop();
    validationGate.open();
    await waitFor(
      () => handlerCalls > 0 || world.lines.some((line) => line.jobId === id && line.msg === 'job not started: shutdown began while its payload was being validated'),
      { timeoutMs: 3_000, description: 'the runner finished with the job' },
    );

    expect(handlerCalls).toBe(0);
    expect(await world.storage.jobGet({ id })).toMatchObject({ status: 'pending', attempts: 1 });
  });
});
