import path from 'node:path';

import { z } from 'zod';

/**
 * The payload fields every per-file job carries. The folder travels with the job so a worker
 * (in this process or, later, in another one) needs nothing but the database to run it.
 */
export const filePayloadFields = {
  /** The DemoRun this job belongs to. */
  runId: z.string().min(1),
  /** Absolute folder of the run. */
  directory: z.string().min(1),
  /** File path relative to `directory`, forward slashes. */
  path: z.string().min(1),
};

/** The absolute path of a payload's file. */
export function absolutePath(payload: { directory: string; path: string }): string {
  return path.join(payload.directory, ...payload.path.split('/'));
}
