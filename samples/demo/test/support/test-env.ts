/**
 * Which databases the demo's end-to-end test runs on. Same rules as scripts/run-tests.mjs:
 * a setting comes from the environment, else from the repo's test.env; a PostgreSQL URL that
 * is missing FAILS the test unless `postgresql` is listed in ATOMIZER_TEST_SKIP.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const fileEnv = readEnvFile(path.join(repoRoot, 'test.env'));

/** A setting from the environment, else from test.env; undefined when empty. */
export function testSetting(name: string): string | undefined {
  const value = process.env[name] ?? fileEnv.get(name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** True when the provider is deliberately not run here. */
export function isSkipped(provider: string): boolean {
  return (testSetting('ATOMIZER_TEST_SKIP') ?? '').split(',').map((name) => name.trim()).includes(provider);
}

/**
 * The PostgreSQL URL to test on.
 * @throws Error naming ATOMIZER_TEST_POSTGRES_URL when it is unset.
 */
export function requirePostgresUrl(): string {
  const url = testSetting('ATOMIZER_TEST_POSTGRES_URL');
  if (url === undefined) {
    throw new Error('ATOMIZER_TEST_POSTGRES_URL is not set: the demo\'s PostgreSQL run needs it (or list "postgresql" in ATOMIZER_TEST_SKIP to skip it deliberately)');
  }
  return url;
}

function readEnvFile(file: string): Map<string, string> {
  const values = new Map<string, string>();
  if (!existsSync(file)) return values;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2]);
  }
  return values;
}
