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
