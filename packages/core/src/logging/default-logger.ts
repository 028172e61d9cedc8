import { pino } from 'pino';

import { ConfigInvalidError } from '../errors/config-errors.js';
import type { Logger } from './logger.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The logger used when none is given: pino, JSON lines on stdout, named `atomizer`, at the
 * level in `ATOMIZER_LOG_LEVEL` (one of fatal, error, warn, info, debug, trace, silent).
 * @defaultValue level `info` when the variable is unset or empty
 * @throws ConfigInvalidError when the variable names no pino level
 */
export function createDefaultLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const configured = env.ATOMIZER_LOG_LEVEL;
  const level = configured === undefined || configured === '' ? 'info' : configured;
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new ConfigInvalidError({
      where: 'environment',
      option: 'ATOMIZER_LOG_LEVEL',
      rule: `must be one of ${LEVELS.join(', ')}`,
      received: configured,
    });
  }
  return pino({ name: 'atomizer', level });
}
