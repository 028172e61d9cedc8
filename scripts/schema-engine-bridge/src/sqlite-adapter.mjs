import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';

/**
 * Builds the `@prisma/adapter-better-sqlite3` factory for a Prisma `file:` URL.
 *
 * A relative path resolves against the engine's working directory, which the Prisma CLI sets
 * to the folder of the config file, as it does for the native engine. Query parameters such as
 * `?connection_limit=1` mean nothing to better-sqlite3 and would become part of the file name,
 * so they are dropped.
 *
 * @param {string} url `file:` URL from the datasource
 * @param {string | undefined} shadowDatabaseUrl optional shadow database; in-memory otherwise
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory}
 */
export function createSqliteAdapterFactory(url, shadowDatabaseUrl) {
  const factory = new PrismaBetterSqlite3(
    { url: withoutQuery(url) },
    shadowDatabaseUrl === undefined ? undefined : { shadowDatabaseUrl: withoutQuery(shadowDatabaseUrl) },
  );

  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => openOnFirstUse(factory.adapterName, async () => withMultiStatementRaw(await factory.connect())),
    connectToShadowDb: async () => withMultiStatementRaw(await factory.connectToShadowDb()),
  };
}

/**
 * Defers opening the database file until the engine sends it a statement.
 *
 * The WASM engine connects as soon as it starts, even for commands that never touch the
 * database (`migrate diff --from-empty --to-schema`), and better-sqlite3 creates a missing file
 * on open. The native engine leaves the file alone; so does this, which also keeps
 * `migrate deploy` reporting "SQLite database created" for a new file.
 *
 * @param {string} adapterName
 * @param {() => Promise<any>} open
 */
function openOnFirstUse(adapterName, open) {
  /** @type {Promise<any> | undefined} */
  let opened;
  const adapter = () => (opened ??= open());

  return {
    provider: 'sqlite',
    adapterName,
    queryRaw: async (query) => (await adapter()).queryRaw(query),
    executeRaw: async (query) => (await adapter()).executeRaw(query),
    executeScript: async (script) => (await adapter()).executeScript(script),
    startTransaction: async (isolationLevel) => (await adapter()).startTransaction(isolationLevel),
    dispose: async () => (opened === undefined ? undefined : (await opened).dispose()),
  };
}

/**
 * Lets `executeRaw` run a parameterless multi-statement script.
 *
 * When the engine replays a migrations folder into the shadow database (for example
 * `migrate diff --from-migrations`), it sends each whole migration through `executeRaw`, and
 * better-sqlite3's `prepare` refuses more than one statement. The native engine executes such
 * scripts in one go; `exec` does the same here. Only the parameterless case falls back, so
 * nothing that binds values changes behaviour.
 *
 * @param {any} adapter a PrismaBetterSqlite3Adapter: `client` is its better-sqlite3 Database
 */
function withMultiStatementRaw(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);

  adapter.executeRaw = async (query) => {
    if (query.args.length > 0 || !hasSeveralStatements(adapter.client, query.sql)) {
      return executeRaw(query);
    }
    try {
      adapter.client.exec(query.sql);
    } catch (error) {
      adapter.onError(error);
    }
    // `exec` reports no row count; a script's count means nothing to the engine anyway.
    return 0;
  };
  return adapter;
}

/**
 * @param {import('better-sqlite3').Database} database
 * @param {string} sql
 */
function hasSeveralStatements(database, sql) {
  try {
    database.prepare(sql);
    return false;
  } catch (error) {
    return error instanceof RangeError && /more than one statement/.test(error.message);
  }
}

/** @param {string} url */
function withoutQuery(url) {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
