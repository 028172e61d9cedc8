import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { pino } from 'pino';
import type { Logger } from 'pino';

/** Where the demo's structured log went, for the summary to point at. */
export interface DemoLogger {
  logger: Logger;
  /** `stderr`, or the log file's path. */
  destination: string;
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * The one pino logger of the demo, handed to Atomizer's client and server.
 *
 * By default the terminal belongs to the progress bar, so the log (info level: lifecycle,
 * retries, failures) goes to `<dataDir>/demo.log`. Setting ATOMIZER_LOG_LEVEL sends it to
 * stderr at that level instead, for when you want to watch the library work.
 */
export function createDemoLogger(env: NodeJS.ProcessEnv, dataDir: string): DemoLogger {
  const level = env.ATOMIZER_LOG_LEVEL?.trim().toLowerCase();

  if (level !== undefined && level !== '') {
    const valid = LEVELS.has(level) ? level : 'info';
    const logger = pino({ level: valid, base: { app: 'atomizer-demo' } }, pino.destination({ dest: 2, sync: true }));
    if (valid !== level) logger.warn({ received: level }, 'ATOMIZER_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; using info');
    return { logger, destination: 'stderr' };
  }

  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo.log');
  // sync: the log is complete even when the demo exits right after a failure.
  const logger = pino({ level: 'info', base: { app: 'atomizer-demo' } }, pino.destination({ dest: file, sync: true }));
  return { logger, destination: file };
}
