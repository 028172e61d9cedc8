import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';

/** The schema Prisma uses when the URL names none, as the native engine does. */
const DEFAULT_SCHEMA = 'public';

/** PostgreSQL's `text` type OID. */
const TEXT_OID = 25;

/**
 * OIDs of catalog-only types that @prisma/adapter-pg rejects ("Column type 'char' could not be
 * deserialized") but the engine reads while describing a schema: `"char"` (pg_constraint.contype
 * and friends), int2vector, regproc, oidvector, pg_node_tree, regclass, regtype. pg already
 * parses their values as strings, so they are reported as `text`.
 */
const CATALOG_TEXT_OIDS = new Set([18, 22, 24, 30, 194, 2205, 2206]);

/**
 * Turns a Prisma PostgreSQL URL into a `pg` pool config plus the Prisma schema it targets.
 *
 * Prisma URLs carry `?schema=name`, which `pg` does not understand. The schema becomes the
 * connection's `search_path`, because migration scripts name tables unqualified and the native
 * engine runs them inside that schema; without it, tables would land in `public` while the
 * engine looks for them in `name`. The URL is split into fields (not kept as
 * `connectionString`) because `pg` lets `connectionString` override `database`.
 *
 * @param {string} url postgres:// or postgresql:// URL as written in prisma.config.ts
 * @returns {{ poolConfig: import('pg').PoolConfig, schema: string }}
 */
export function postgresPoolConfig(url) {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  const sslMode = parsed.searchParams.get('sslmode');

  const poolConfig = {
    host: decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
    // Backslash-escape spaces: the server splits `options` on whitespace.
    options: `-c search_path=${quoteIdentifier(schema).replace(/ /g, '\\ ')}`,
    ssl: sslMode && sslMode !== 'disable' ? { rejectUnauthorized: sslMode === 'verify-full' } : undefined,
  };

  return { poolConfig, schema };
}

/**
 * Builds the migration-aware PostgreSQL adapter factory for a Prisma URL.
 *
 * Compared with a plain `PrismaPg` it fixes three things the schema engine trips over: scripts
 * run whole (see {@link runScriptsWhole}), catalog types read as text (see
 * {@link retypeCatalogColumns}), and a temporary shadow database is dropped after its pool is
 * closed (PrismaPg drops it first, which fails with "is being accessed by other users" and
 * leaks one database per `migrate diff --from-migrations`).
 *
 * @param {string} url the datasource URL
 * @param {string | undefined} shadowDatabaseUrl shadow database from the config, used as is
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory}
 */
export function createPostgresAdapterFactory(url, shadowDatabaseUrl) {
  const main = postgresConnector(url);

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => main.connect(),
    connectToShadowDb: () =>
      shadowDatabaseUrl === undefined ? connectToTemporaryDatabase(main) : postgresConnector(shadowDatabaseUrl).connect(),
  };
}

/**
 * Creates a throwaway database through the main connection and connects to it.
 *
 * @param {ReturnType<typeof postgresConnector>} main
 */
async function connectToTemporaryDatabase(main) {
  const admin = await main.connect();
  const database = `prisma_migrate_shadow_db_${randomUUID()}`;
  await admin.executeScript(`CREATE DATABASE ${quoteIdentifier(database)}`);

  const shadow = await main.connect({ database });
  const closeShadow = shadow.dispose.bind(shadow);
  shadow.dispose = async () => {
    await closeShadow();
    await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
    await admin.dispose();
  };
  return shadow;
}

/** @param {string} url */
function postgresConnector(url) {
  const { poolConfig, schema } = postgresPoolConfig(url);
  // Only a non-default schema is named: the engine then emits `CREATE SCHEMA IF NOT EXISTS`,
  // as the native engine does for such URLs, and nothing for plain `public`.
  const options = schema === DEFAULT_SCHEMA ? undefined : { schema };

  return {
    /** @param {Partial<import('pg').PoolConfig>} [overrides] */
    async connect(overrides = {}) {
      const adapter = await new PrismaPg({ ...poolConfig, ...overrides }, options).connect();
      retypeCatalogColumns(/** @type {any} */ (adapter).client);
      return runScriptsWhole(adapter);
    },
  };
}

/**
 * Makes the adapter run scripts as one simple-protocol query.
 *
 * `@prisma/adapter-pg` splits scripts on `;`, which breaks `$$`-quoted function bodies and
 * applies half a migration when a later statement fails. PostgreSQL runs a multi-statement
 * simple query atomically, which is what the native engine relies on for `migrate deploy`.
 *
 * @param {any} adapter a PrismaPgAdapter: `client` is its pg Pool, `onError` maps errors
 */
function runScriptsWhole(adapter) {
  adapter.executeScript = async (script) => {
    try {
      await adapter.client.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

/**
 * Reports catalog-only column types as `text` in every result of the pool's connections.
 *
 * @param {import('pg').Pool} pool
 */
function retypeCatalogColumns(pool) {
  pool.on('connect', (client) => {
    const query = client.query.bind(client);

    client.query = (...args) => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (error, result) => callback(error, error ? result : retype(result));
        return query(...args);
      }
      const pending = query(...args);
      return typeof pending?.then === 'function' ? pending.then(retype) : pending;
    };
  });
}

/** @param {any} result */
function retype(result) {
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) {
      field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** @param {string} name */
function quoteIdentifier(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
