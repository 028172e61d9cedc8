/**
 * Database settings, by the rules of scripts/run-tests.mjs: the environment first, then the
 * repo's test.env; a provider whose URL is missing FAILS unless listed in ATOMIZER_TEST_SKIP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './throwaway-app.js';

const fileEnv = new Map<string, string>();
const envFile = join(repoRoot, 'test.env');
if (existsSync(envFile)) {
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) fileEnv.set(match[1], match[2]);
  }
}

function setting(name: string): string | undefined {
  const value = process.env[name] ?? fileEnv.get(name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function isSkipped(provider: string): boolean {
  return (setting('ATOMIZER_TEST_SKIP') ?? '').split(',').map((name) => name.trim()).includes(provider);
}

/** @throws Error naming the variable when it is unset. */
export function requirePostgresUrl(): string {
  const url = setting('ATOMIZER_TEST_POSTGRES_URL');
  if (url === undefined) {
    throw new Error('ATOMIZER_TEST_POSTGRES_URL is not set: the postgresql adoption test needs it (or list "postgresql" in ATOMIZER_TEST_SKIP to skip it deliberately)');
  }
  return url;
}
