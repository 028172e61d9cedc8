import { defineJob } from '@atomizer/core';
import { z } from 'zod';

import { PUBLISH_MAX_ATTEMPTS } from '../workload/workload-plan.js';
import { filePayloadFields } from './file-payload.js';
import { SimulatedFaultError } from './simulated-fault.js';
import { simulatedNetworkCall } from './simulated-latency.js';

/**
 * `publish-file`: the one that fails for good. It stands for pushing the file to a remote
 * catalogue that refuses some files outright: when `rejected` is set, every attempt fails, so
 * after its attempts run out the job ends `failed`, with one recorded error per attempt.
 * Its own `maxAttempts` overrides the queue's retry policy, keeping the doomed jobs short.
 */
export function definePublishFileJob() {
  return defineJob({
    name: 'publish-file',
    queue: 'network',
    maxAttempts: PUBLISH_MAX_ATTEMPTS,
    schema: z.object({ ...filePayloadFields, rejected: z.boolean() }),

    async handler(payload, ctx) {
      await simulatedNetworkCall(ctx.signal);
      if (payload.rejected) {
        throw new SimulatedFaultError('permanent', `catalogue refused "${payload.path}" (simulated policy rejection, attempt ${ctx.attempt})`);
      }

      ctx.logger.debug({ path: payload.path }, 'file published');
    },
  });
}
