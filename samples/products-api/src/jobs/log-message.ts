import { defineJob } from '@atomizer/core';
import { z } from 'zod';

/** Payload of `log-message`. */
export const logMessagePayload = z.object({
  message: z.string().min(1).max(1_000),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** Writes one log line through the job's logger, which carries jobId, queue and attempt. */
export const logMessageJob = defineJob({
  name: 'log-message',
  schema: logMessagePayload,
  handler({ message, level }, { logger }) {
    logger[level]({ source: 'log-message' }, message);
  },
});
