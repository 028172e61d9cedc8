import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import { SampleError } from '../sample-error.js';
import { QUEUES } from './queues.js';

/** Payload of `exception`. */
export const exceptionPayload = z.object({
  message: z.string().max(500).default('this job always throws'),
  /**
   * The attempt that finally succeeds; omitted, every attempt throws and the job fails for
   * good once the `flaky` queue's retry policy (3 attempts, 500 ms apart) is used up.
   */
  succeedOnAttempt: z.number().int().min(1).max(1_000).optional(),
});

/** Throws to show retries: each failed attempt is recorded on the job (GET /jobs/:id). */
export const exceptionJob = defineJob({
  name: 'exception',
  schema: exceptionPayload,
  queue: QUEUES.flaky,
  handler({ message, succeedOnAttempt }, { attempt, maxAttempts, logger }) {
    if (succeedOnAttempt !== undefined && attempt >= succeedOnAttempt) {
      logger.info({ attempt }, 'succeeded after failing');
      return;
    }
    throw new SampleError('SAMPLE.DELIBERATE_FAILURE', `${message} (attempt ${attempt} of ${maxAttempts})`);
  },
});
