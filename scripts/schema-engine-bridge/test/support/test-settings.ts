import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** A setting from the environment, else from the repo's test.env (as scripts/run-tests.mjs does). */
export function testSetting(name: string): string | undefined {
  const fromEnv = process.env[name]?.trim();
  if (fromEnv) {
    return fromEnv;
  }

  const envFile = join(repoRoot, 'test.env');
  if (!existsSync(envFile)) {
    return undefined;
  }
  const line = readFileSync(envFile, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim() || undefined;
}

/** True when the provider is deliberately not run here (ATOMIZER_TEST_SKIP). */
export function isSkipped(provider: string): boolean {
  return (testSetting('ATOMIZER_TEST_SKIP') ?? '').split(',').map((name) => name.trim()).includes(provider);
}

/**
 * The PostgreSQL URL for the tests.
 * @throws Error naming the variable when it is unset: a missing database must fail, not pass.
 */
export function requirePostgresUrl(): string {
  const url = testSetting('ATOMIZER_TEST_POSTGRES_URL');
  if (url === undefined) {
    throw new Error(
      'ATOMIZER_TEST_POSTGRES_URL is not set: the schema-engine-bridge PostgreSQL tests need it ' +
        '(or list "postgresql" in ATOMIZER_TEST_SKIP to skip them deliberately)',
    );
  }
  return url;
}
