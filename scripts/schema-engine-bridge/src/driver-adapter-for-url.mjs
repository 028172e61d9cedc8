import { BridgeError } from './bridge-error.mjs';
import { createPostgresAdapterFactory } from './postgres-adapter.mjs';
import { createSqliteAdapterFactory } from './sqlite-adapter.mjs';

/**
 * Picks the driver adapter factory the WASM engine talks to, from the datasource URL's scheme.
 *
 * Only PostgreSQL and SQLite: the WASM engine ships just those connectors (and CockroachDB,
 * which has no adapter here). MySQL, SQL Server and the rest need Prisma's native engine.
 *
 * @param {import('./parse-engine-args.mjs').DatasourceArg} datasource
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory}
 * @throws {BridgeError} `bridge.datasource.unsupported` for any other scheme
 */
export function driverAdapterForUrl({ url, shadowDatabaseUrl }) {
  const scheme = urlScheme(url);

  if (scheme === 'postgres' || scheme === 'postgresql') {
    return createPostgresAdapterFactory(url, shadowDatabaseUrl);
  }
  if (scheme === 'file') {
    return createSqliteAdapterFactory(url, shadowDatabaseUrl);
  }

  throw unsupportedSchemeError(scheme);
}

/**
 * The error for a database the WASM engine cannot serve. It names only the scheme: the URL may
 * hold a password.
 *
 * @param {string} scheme e.g. `mysql`
 * @returns {BridgeError}
 */
export function unsupportedSchemeError(scheme) {
  return new BridgeError(
    'bridge.datasource.unsupported',
    `datasource url scheme "${scheme}:" is not supported by the offline schema engine bridge ` +
      '(it serves only postgres://, postgresql:// and file: URLs); this database needs the native ' +
      'Prisma schema engine: set PRISMA_SCHEMA_ENGINE_BINARY to it',
    scheme,
  );
}

/**
 * @param {string} url
 * @returns {string} the lower-cased scheme without `:`, or `(none)`
 */
export function urlScheme(url) {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return match ? match[1].toLowerCase() : '(none)';
}
