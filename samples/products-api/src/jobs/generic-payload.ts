import { defineJob } from '@atomizer/core';
import { z } from 'zod';

/**
 * A payload envelope around any data: the same shape serves many jobs, and each job fixes the
 * type of `data` with the schema it passes (the .NET sample's `GenericPayload<T>`).
 */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    /** Caller's id for the message, echoed in the logs. */
    correlationId: z.string().min(1).max(100),
    data,
  });
}

/** Payload of `generic-payload`: an envelope of strings. */
export const genericPayload = envelopeSchema(z.array(z.string().max(200)).max(100));

/** Logs the envelope's data; the handler's payload type follows from the schema. */
export const genericPayloadJob = defineJob({
  name: 'generic-payload',
  schema: genericPayload,
  handler({ correlationId, data }, { logger }) {
    logger.info({ correlationId, items: data.length, first: data[0] }, 'envelope received');
  },
});
