// Database URLs the migration scripts may need: from the environment first, then from the
// repo's test.env (the same rule as scripts/run-tests.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { repoRoot } from './repo-paths.mjs';

/** The variable that names a database server of each provider. */
export const URL_VARIABLES = {
  postgresql: 'ATOMIZER_TEST_POSTGRES_URL',
  mysql: 'ATOMIZER_TEST_MYSQL_URL',
  sqlserver: 'ATOMIZER_TEST_SQLSERVER_URL',
};

const fileSettings = readEnvFile(join(repoRoot, 'test.env'));

/**
 * @param {string} name
 * @returns {string | undefined} the setting, trimmed; undefined when unset or empty
 */
export function setting(name) {
  const value = process.env[name] ?? fileSettings.get(name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The URL of the provider's database server, or an error naming the variable to set.
 * @param {'postgresql' | 'mysql' | 'sqlserver'} provider
 * @param {string} purpose what the URL is needed for, for the message
 */
export function requireServerUrl(provider, purpose) {
  const variable = URL_VARIABLES[provider];
  const url = setting(variable);
  if (url === undefined) throw new Error(`${variable} is not set; it must name a ${provider} database ${purpose}`);
  return url;
}

/** @param {string} path */
function readEnvFile(path) {
  const values = new Map();
  if (!existsSync(path)) return values;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values.set(match[1], match[2]);
  }
  return values;
}
