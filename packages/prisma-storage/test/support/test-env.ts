/**
 * Which database providers the integration tests run on, and where their databases are.
 * Same rules as scripts/run-tests.mjs: environment first, then the repo's test.env; a provider
 * whose URL is missing FAILS its test file unless it is listed in ATOMIZER_TEST_SKIP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { inject } from 'vitest';

/** Providers the integration tests of this package cover. */
export type TestProvider = 'sqlite' | 'postgresql' | 'mysql' | 'sqlserver';

export const TEST_PROVIDERS: readonly TestProvider[] = ['sqlite', 'postgresql', 'mysql', 'sqlserver'];

/** Providers whose database is a server reached by URL (or started in a container). */
export type ServerProvider = Exclude<TestProvider, 'sqlite'>;

export const SERVER_PROVIDERS: readonly ServerProvider[] = ['postgresql', 'mysql', 'sqlserver'];

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const fileEnv = readEnvFile(join(repoRoot, 'test.env'));

/** The variable that holds each server provider's URL. */
export const URL_VARIABLES: Readonly<Record<ServerProvider, string>> = {
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
export function isSkipped(provider: TestProvider): boolean {
  return (testSetting('ATOMIZER_TEST_SKIP') ?? '')
    .split(',')
    .map((name) => name.trim())
    .includes(provider);
}

/**
 * The connection URL of a server provider.
 * @throws Error naming the variable when it is unset: a missing database must fail, not pass.
 */
export function requireUrl(provider: ServerProvider): string {
  const variable = URL_VARIABLES[provider];
  const url = testSetting(variable) ?? containerUrl(provider);
  if (url === undefined) {
    throw new Error(`${variable} is not set and no Docker engine answered \`docker info\` to start a container: the ${provider} integration tests need one of them (or list "${provider}" in ATOMIZER_TEST_SKIP to skip them deliberately)`);
  }
  return url;
}

/** The URL of the container the global setup (database-containers.ts) started, if any. */
function containerUrl(provider: ServerProvider): string | undefined {
  try {
    return inject('atomizerContainerUrls')?.[provider];
  } catch {
    // Outside a vitest worker (no provided context): no container.
    return undefined;
  }
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
