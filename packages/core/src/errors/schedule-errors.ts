import { describeValue, JobQueueError, type JobQueueErrorOptions } from './job-queue-error.js';

/** A cron expression that cannot be parsed, or that never fires. */
export class ScheduleCronInvalidError extends JobQueueError {
  /** The expression as received. */
  readonly expression: unknown;
  /** Why it was rejected, e.g. `Invalid value for minute: 61`. */
  readonly reason: string;

  constructor(
    params: { where: string; expression: unknown; reason: string },
    options: JobQueueErrorOptions = {},
  ) {
    super(
      'SCHEDULE.CRON_INVALID',
      `${params.where}: cron expression ${describeValue(params.expression)} is invalid: ${params.reason}`,
      {
        fix: 'use five fields (minute hour day-of-month month day-of-week), six with a leading seconds field, or a CronPresets value',
        ...options,
      },
    );
    this.expression = params.expression;
    this.reason = params.reason;
  }
}

/** A schedule key that breaks the naming rule. */
export class ScheduleKeyInvalidError extends JobQueueError {
  readonly received: unknown;

  constructor(where: string, rule: string, received: unknown) {
    super('SCHEDULE.KEY_INVALID', `${where}: schedule key ${rule}, got ${describeValue(received)}`);
    this.received = received;
  }
}

/** An operation named a schedule key that no stored schedule has. */
export class ScheduleNotFoundError extends JobQueueError {
  readonly key: string;

  constructor(where: string, key: string) {
    super('SCHEDULE.NOT_FOUND', `${where}: no schedule has the key ${describeValue(key)}`, {
      fix: 'create it with scheduleRecurring first; listSchedules shows the stored keys',
    });
    this.key = key;
  }
}
