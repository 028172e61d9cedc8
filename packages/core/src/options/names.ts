import { QueueNameInvalidError } from '../errors/queue-errors.js';

/** Job names: 1-100 characters, letters, digits and `. _ : -`, starting with a letter or digit. */
export const JOB_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Queue names: 1-100 characters, letters, digits and `. _ -`, starting with a letter or digit. */
export const QUEUE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The queue every job without a queue of its own goes to. */
export const DEFAULT_QUEUE = 'default';

/** The rule of {@link JOB_NAME_PATTERN}, worded for error messages. */
export const JOB_NAME_RULE = `must match ${JOB_NAME_PATTERN} (1-100 letters, digits, ".", "_", ":", "-", starting with a letter or digit)`;

/** The rule of {@link QUEUE_NAME_PATTERN}, worded for error messages. */
export const QUEUE_NAME_RULE = `must match ${QUEUE_NAME_PATTERN} (1-100 letters, digits, ".", "_", "-", starting with a letter or digit)`;

/** Throws {@link QueueNameInvalidError} unless `name` is a valid queue name. */
export function assertQueueName(name: unknown, where: string): asserts name is string {
  if (typeof name !== 'string' || !QUEUE_NAME_PATTERN.test(name)) {
    throw new QueueNameInvalidError(where, QUEUE_NAME_RULE, name);
  }
}
