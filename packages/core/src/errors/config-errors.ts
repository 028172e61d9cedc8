import { describeValue, JobQueueError, type JobQueueErrorOptions } from './job-queue-error.js';

/**
 * An option given to a constructor or a call breaks its rule. The message reads
 * `<where>: <option> <rule>, got <value>`, e.g.
 * `queue "files": pollIntervalMs must be an integer >= 10, got 5`.
 */
export class ConfigInvalidError extends JobQueueError {
  /** Dotted path of the option, e.g. `queues.files.pollIntervalMs`. */
  readonly option: string;
  /** The rule the value breaks, e.g. `must be an integer >= 10`. */
  readonly rule: string;
  /** The value received. */
  readonly received: unknown;

  constructor(
    params: { where: string; option: string; rule: string; received: unknown },
    options: JobQueueErrorOptions = {},
  ) {
    const subject = params.option === '' ? '' : `${params.option} `;
    super(
      'CONFIG.INVALID_OPTION',
      `${params.where}: ${subject}${params.rule}, got ${describeValue(params.received)}`,
      options,
    );
    this.option = params.option;
    this.rule = params.rule;
    this.received = params.received;
  }
}

/**
 * The configured clock returned something no storage can hold (an Invalid Date, a non-Date, a
 * time outside 1970-01-01 to 9999-12-31). The call that read it fails and nothing is written;
 * a server logs it and tries again at its next step. Not a {@link ConfigInvalidError}, so loops
 * that stop for good on setup errors keep going once the clock recovers.
 */
export class ClockInvalidError extends JobQueueError {
  /** What `now()` returned. */
  readonly received: unknown;

  constructor(where: string, rule: string, received: unknown) {
    super('CONFIG.CLOCK_INVALID', `${where}: clock now() ${rule}, got ${describeValue(received)}`);
    this.received = received;
  }
}
