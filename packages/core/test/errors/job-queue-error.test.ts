import { describe, expect, it } from 'vitest';

import {
  ConfigInvalidError,
  InternalError,
  JobAttemptsExhaustedError,
  JobPayloadTooLargeError,
  JobQueueError,
} from '../../src/index.js';

describe('JobQueueError', () => {
  it('carries a dotted code, the class name, a cause and a fix', () => {
    const cause = new TypeError('root');

    const error = new JobQueueError('STORAGE.JOB_NOT_FOUND', 'job x: must exist, got nothing', { cause, fix: 'enqueue it' });

    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('STORAGE.JOB_NOT_FOUND');
    expect(error.name).toBe('JobQueueError');
    expect(error.cause).toBe(cause);
    expect(error.fix).toBe('enqueue it');
  });

  it('names subclasses after themselves so recorded errorType is meaningful', () => {
    const error = new JobAttemptsExhaustedError('job-1', 4, 3);

    expect(error).toBeInstanceOf(JobQueueError);
    expect(error.name).toBe('JobAttemptsExhaustedError');
    expect(error.code).toBe('JOB.ATTEMPTS_EXHAUSTED');
    expect([error.jobId, error.attempts, error.maxAttempts]).toEqual(['job-1', 4, 3]);
  });

  it('shortens long received values so a message stays one readable line', () => {
    const error = new ConfigInvalidError({ where: 'X', option: 'name', rule: 'must be short', received: 'a\nb'.repeat(100) });

    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(200);
    expect(error.message.endsWith('...')).toBe(true);
  });

  it('prefixes internal errors so bugs are recognisable', () => {
    const error = new InternalError('slot count went negative');

    expect(error.code).toBe('INTERNAL.BUG');
    expect(error.message).toBe('Atomizer internal error: slot count went negative');
  });

  it('suggests a fix for oversized payloads', () => {
    expect(new JobPayloadTooLargeError('j', 10, 5).fix).toContain('reference');
  });
});
