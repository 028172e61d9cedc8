import { describeValue, JobQueueError } from './job-queue-error.js';

/** A queue name that breaks the naming rule. */
export class QueueNameInvalidError extends JobQueueError {
  readonly received: unknown;

  constructor(where: string, rule: string, received: unknown) {
    super('QUEUE.NAME_INVALID', `${where}: queue name ${rule}, got ${describeValue(received)}`);
    this.received = received;
  }
}
