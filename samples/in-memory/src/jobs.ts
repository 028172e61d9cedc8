import { setTimeout as sleep } from 'node:timers/promises';

import { defineJob } from '@atomizer/core';
import { z } from 'zod';

/** A quick job on the default queue. */
export const sendWelcome = defineJob({
  name: 'send-welcome',
  schema: z.object({ email: z.email() }),
  handler({ email }, { logger }) {
    logger.info({ email }, 'welcome message sent');
  },
});

/** Slower work on its own queue, where four run side by side; honours shutdown via `signal`. */
export const resizeImage = defineJob({
  name: 'resize-image',
  schema: z.object({ imageId: z.string(), width: z.number().int().positive() }),
  queue: 'images',
  async handler({ imageId, width }, { signal, logger }) {
    await sleep(50 + Math.floor(Math.random() * 100), undefined, { signal });
    logger.info({ imageId, width }, 'image resized');
  },
});

/** Fails its first attempt, as a call to a flaky service would, and succeeds on the retry. */
export const buildReport = defineJob({
  name: 'build-report',
  schema: z.object({ reportId: z.string() }),
  handler({ reportId }, { attempt }) {
    if (attempt === 1) throw new ReportSourceError(`report "${reportId}": source timed out on attempt ${attempt}`);
  },
});

/** Always throws: after its 2 attempts it ends `failed`, with both errors recorded. */
export const importFeed = defineJob({
  name: 'import-feed',
  schema: z.object({ url: z.url() }),
  maxAttempts: 2,
  handler({ url }) {
    throw new ReportSourceError(`feed ${url} answered 503`);
  },
});

/** Run by a recurring schedule, once a second. */
export const tick = defineJob({
  name: 'tick',
  schema: z.object({}),
  handler(_payload, { logger }) {
    logger.info({ at: new Date().toISOString() }, 'tick');
  },
});

/** The error the sample's failing jobs throw; its name is what the job's error records show. */
export class ReportSourceError extends Error {
  override name = 'ReportSourceError';
}
