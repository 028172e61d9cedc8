import { setTimeout as sleep } from 'node:timers/promises';

import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import { QUEUES } from './queues.js';

/** Payload of `long-running`. */
export const longRunningPayload = z.object({
  durationMs: z.number().int().min(0).max(3_600_000),
});

/** How often the job reports progress. */
const STEP_MS = 1_000;

/**
 * Works for `durationMs` in steps, honouring shutdown: when the server stops and the job
 * outlives the shutdown timeout, `signal` aborts, the sleep rejects, and the server releases
 * the job for another server (or the next start) to run again.
 */
export const longRunningJob = defineJob({
  name: 'long-running',
  schema: longRunningPayload,
  queue: QUEUES.slow,
  async handler({ durationMs }, { signal, logger }) {
    const startedAt = Date.now();

    for (let elapsed = 0; elapsed < durationMs; elapsed = Date.now() - startedAt) {
      await sleep(Math.min(STEP_MS, durationMs - elapsed), undefined, { signal });
      logger.debug({ elapsedMs: Date.now() - startedAt, durationMs }, 'still working');
    }
    logger.info({ durationMs }, 'long-running work done');
  },
});
