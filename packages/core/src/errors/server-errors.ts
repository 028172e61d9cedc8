import { JobQueueError } from './job-queue-error.js';

/** A lifecycle call that does not fit the server's state, e.g. `start()` twice. */
export class ServerStateError extends JobQueueError {
  readonly state: string;

  constructor(action: string, state: string) {
    super('SERVER.INVALID_STATE', `AtomizerServer: ${action} is not allowed in state "${state}"`);
    this.state = state;
  }
}
