import { JobQueueError } from './job-queue-error.js';

/** A broken invariant inside Atomizer: a bug, never a usage error. */
export class InternalError extends JobQueueError {
  constructor(message: string, cause?: unknown) {
    super('INTERNAL.BUG', `Atomizer internal error: ${message}`, { cause });
  }
}
