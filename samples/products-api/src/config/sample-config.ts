import path from 'node:path';

import { resolveDatabaseTarget, type DatabaseTarget } from '../database/database-target.js';
import { SampleError } from '../sample-error.js';

/** Everything the sample reads from its environment, validated once at start. */
export interface SampleConfig {
  /** From `DATABASE_URL`; its scheme picks the provider. Default: a SQLite file in `.data/`. */
  database: DatabaseTarget;
  /** `HOST`; default `127.0.0.1`. */
  host: string;
  /** `PORT`; `0` picks a free port. Default `3000`. */
  port: number;
  /** `POLL_INTERVAL_MS`: how often each queue looks for due jobs. Default `500`. */
  pollIntervalMs: number;
  /** `SHUTDOWN_TIMEOUT_MS`: how long running jobs may finish on shutdown. Default `10000`. */
  shutdownTimeoutMs: number;
  /**
   * `CLEANUP_CRON`: when the recurring `cleanup-products` job runs; five cron fields, or six
   * with seconds first. Default every 5 minutes.
   */
  cleanupCron: string;
}

/**
 * Reads the sample's settings from `env`.
 * @throws SampleError naming the variable, the rule and the value when one is invalid.
 */
export function readSampleConfig(env: NodeJS.ProcessEnv, dataDir: string): SampleConfig {
  return {
    database: resolveDatabaseTarget(env.DATABASE_URL, path.resolve(dataDir)),
    host: env.HOST?.trim() || '127.0.0.1',
    port: integerSetting(env, 'PORT', 3_000, 0, 65_535),
    pollIntervalMs: integerSetting(env, 'POLL_INTERVAL_MS', 500, 10, 60_000),
    shutdownTimeoutMs: integerSetting(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 3_600_000),
    cleanupCron: env.CLEANUP_CRON?.trim() || '*/5 * * * *',
  };
}

function integerSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;

  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SampleError('SAMPLE.SETTING_INVALID', `${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}
