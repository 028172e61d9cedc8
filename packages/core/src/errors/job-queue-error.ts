/** Options every {@link JobQueueError} accepts. */
export interface JobQueueErrorOptions {
  /** The error that led to this one. */
  cause?: unknown;
  /** A short remedy, when one is obvious. */
  fix?: string;
}

/**
 * Folds line breaks and the blanks around them into one space. Quoted text (a JSON engine's
 * reason, a schema's custom message) may span lines; every message stays one greppable line.
 */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/**
 * Base of every error Atomizer throws or records. `code` is a stable dotted identifier
 * (`CONFIG.INVALID_OPTION`, `JOB.PAYLOAD_INVALID`) to branch on; subclasses add the offending
 * values as typed fields. The message is one greppable line naming the value and the rule.
 */
export class JobQueueError extends Error {
  /** Stable dotted identifier of the kind of error. */
  readonly code: string;
  /** A short remedy, when one is obvious. */
  readonly fix: string | undefined;

  constructor(code: string, message: string, options: JobQueueErrorOptions = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = options.fix;
  }
}

/**
 * Renders a received value for an error message: strings quoted, everything else as JSON
 * when possible, shortened so a message stays one readable line.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    text = String(value);
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON would render NaN and Infinity as `null`, hiding what was received.
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = `${value}n`;
  } else if (value instanceof Date) {
    text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
