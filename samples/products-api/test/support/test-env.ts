/**
 * Which providers the sample's tests run on, and where their databases are: the environment
 * first, then the repo's test.env (the rules of scripts/run-tests.mjs). A provider whose URL is
 * missing FAILS its tests unless it is listed in ATOMIZER_TEST_SKIP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { PrismaStorageProvider } from '@atomizer/prisma-storage';

/** samples/products-api */
export const sampleRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const repoRoot = join(sampleRoot, '..', '..');
const fileEnv = readEnvFile(join(repoRoot, 'test.env'));

const URL_VARIABLES: Readonly<Record<Exclude<PrismaStorageProvider, 'sqlite'>, string>> = {
  postgresql: 'ATOMIZER_TEST_POSTGRES_URL',
  mysql: 'ATOMIZER_TEST_MYSQL_URL',
  sqlserver: 'ATOMIZER_TEST_SQLSERVER_URL',
};

/** A setting from the environment, else from test.env. */
export function testSetting(name: string): string | undefined {
  const value = process.env[name] ?? fileEnv.get(name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** True when the provider is deliberately not run here (ATOMIZER_TEST_SKIP). */
export function isSkipped(provider: string): boolean {
  return (testSetting('ATOMIZER_TEST_SKIP') ?? '')
    .split(',')
    .map((name) => name.trim())
    .includes(provider);
}

/**
 * The server URL of a provider.
 * @throws Error naming the variable when it is unset: a missing database must fail, not pass.
 */
export function requireUrl(provider: Exclude<PrismaStorageProvider, 'sqlite'>): string {
  const variable = URL_VARIABLES[provider];
  const url = testSetting(variable);
  if (url === undefined) {
    throw new Error(`${variable} is not set: the ${provider} tests of the products sample need it (or list "${provider}" in ATOMIZER_TEST_SKIP to skip them deliberately)`);
  }
  return url;
}

function readEnvFile(path: string): Map<string, string> {
  const values = new Map<string, string>();
  if (!existsSync(path)) return values;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2]);
  }
  return values;
}
