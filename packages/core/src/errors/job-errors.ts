import { describeValue, JobQueueError, type JobQueueErrorOptions } from './job-queue-error.js';

/** A job name that no registered job definition has. */
export class JobNotRegisteredError extends JobQueueError {
  readonly jobName: string;

  constructor(jobName: string, where: string, options: JobQueueErrorOptions = {}) {
    super(
      'JOB.NOT_REGISTERED',
      `${where}: job ${describeValue(jobName)} is not registered; pass its definition in "jobs"`,
      options,
    );
    this.jobName = jobName;
  }
}

/** Two job definitions with one name given to one client or server. */
export class JobNameDuplicateError extends JobQueueError {
  readonly jobName: string;

  constructor(jobName: string, where: string) {
    super(
      'JOB.NAME_DUPLICATE',
      `${where}: job names must be unique, got ${describeValue(jobName)} twice`,
    );
    this.jobName = jobName;
  }
}

/** A job definition whose name breaks the naming rule. */
export class JobNameInvalidError extends JobQueueError {
  readonly received: unknown;

  constructor(received: unknown, rule: string) {
    super('JOB.NAME_INVALID', `defineJob: name ${rule}, got ${describeValue(received)}`);
    this.received = received;
  }
}

/** One schema issue, in a form that survives JSON serialization. */
export interface PayloadIssue {
  path: Array<string | number>;
  message: string;
  code: string;
}

/** A payload its job's schema rejects, at enqueue or (re-validated) before running. */
export class JobPayloadInvalidError extends JobQueueError {
  readonly jobName: string;
  /** The schema's issues, e.g. `[{ path: ['path'], message: 'Invalid input', code: 'invalid_type' }]`. */
  readonly issues: PayloadIssue[];

  constructor(jobName: string, issues: PayloadIssue[], options: JobQueueErrorOptions = {}) {
    const summary = issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    super(
      'JOB.PAYLOAD_INVALID',
      `job ${describeValue(jobName)}: payload must match the job's schema, got ${issues.length} issue(s): ${summary}`,
      options,
    );
    this.jobName = jobName;
    this.issues = issues;
  }
}

/** A payload that cannot be written as JSON (a BigInt, a cycle, ...). */
export class JobPayloadNotSerializableError extends JobQueueError {
  readonly jobName: string;

  constructor(jobName: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'JOB.PAYLOAD_NOT_SERIALIZABLE',
      `job ${describeValue(jobName)}: payload must be JSON-serializable, got an error: ${reason}`,
      { cause },
    );
    this.jobName = jobName;
  }
}

/** A payload whose JSON text exceeds `maxPayloadBytes`. */
export class JobPayloadTooLargeError extends JobQueueError {
  readonly jobName: string;
  readonly receivedBytes: number;
  readonly maxBytes: number;

  constructor(jobName: string, receivedBytes: number, maxBytes: number) {
    super(
      'JOB.PAYLOAD_TOO_LARGE',
      `job ${describeValue(jobName)}: payload JSON must be at most ${maxBytes} bytes (maxPayloadBytes), got ${receivedBytes}`,
      { fix: 'store large data elsewhere and enqueue a reference to it' },
    );
    this.jobName = jobName;
    this.receivedBytes = receivedBytes;
    this.maxBytes = maxBytes;
  }
}

/** An idempotency key that breaks its rule. */
export class JobKeyInvalidError extends JobQueueError {
  readonly received: unknown;

  constructor(where: string, rule: string, received: unknown) {
    super('JOB.KEY_INVALID', `${where}: idempotencyKey ${rule}, got ${describeValue(received)}`);
    this.received = received;
  }
}

/**
 * Recorded for a job leased with more attempts than allowed: its previous lease expired while
 * the last allowed attempt ran, so it fails without running again.
 */
export class JobAttemptsExhaustedError extends JobQueueError {
  readonly jobId: string;
  readonly attempts: number;
  readonly maxAttempts: number;

  constructor(jobId: string, attempts: number, maxAttempts: number) {
    super(
      'JOB.ATTEMPTS_EXHAUSTED',
      `job ${jobId}: attempts must not exceed maxAttempts ${maxAttempts}, got attempt ${attempts} (the last attempt never finished: its lease expired or its server died)`,
      { fix: 'raise visibilityTimeoutMs above the longest handler run; a handler that kills its process uses up attempts too' },
    );
    this.jobId = jobId;
    this.attempts = attempts;
    this.maxAttempts = maxAttempts;
  }
}

/** The reason given to a handler's AbortSignal when shutdown runs out of time. */
export class JobAbortedError extends JobQueueError {
  readonly jobId: string;

  constructor(jobId: string, shutdownTimeoutMs: number) {
    super(
      'JOB.ABORTED',
      `job ${jobId}: aborted because the server stopped and the job ran past shutdownTimeoutMs ${shutdownTimeoutMs}`,
    );
    this.jobId = jobId;
  }
}
