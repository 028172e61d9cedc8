import type { z } from 'zod';

import type { PayloadIssue } from '../errors/job-errors.js';

/** Zod issues in the plain form errors carry and logs print. */
export function toPayloadIssues(issues: readonly z.core.$ZodIssue[]): PayloadIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    message: issue.message,
    code: issue.code,
  }));
}
