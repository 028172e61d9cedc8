import { JobQueueError, type JobQueueErrorOptions } from '@atomizer/core';

/**
 * The sample's own errors: a dotted `code` (`SAMPLE.*`) and a one-line message naming the
 * value, like Atomizer's. Extending Atomizer's base keeps recorded job errors uniform.
 */
export class SampleError extends JobQueueError {
  constructor(code: `SAMPLE.${string}`, message: string, options: JobQueueErrorOptions = {}) {
    super(code, message, options);
  }
}
